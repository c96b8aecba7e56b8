import { PgStore } from './pg-store.js';
import type { SyncConnection } from './sync-connection.js';

/**
 * The engine's store for one org on a migrated database: makes the org's
 * one-row tables when they are missing — its ledger account (the lock every
 * writer takes) and what the SQLite schema fills in its migrations (the
 * charge rollup's zone, auto-refill's row) — then returns the
 * store, which owns `conn` from now on.
 */
export function openPgStore(conn: SyncConnection, orgId: number): PgStore {
  conn.transaction(
    () => {
      conn.run('INSERT INTO ledger_accounts DEFAULT VALUES ON CONFLICT DO NOTHING');
      conn.run("INSERT INTO rollup_zone (id, time_zone, generation) VALUES (1, 'UTC', 1) ON CONFLICT DO NOTHING");
      conn.run('INSERT INTO auto_refill (id) VALUES (1) ON CONFLICT DO NOTHING');
    },
    { orgId },
  );
  return new PgStore(conn, orgId);
}
