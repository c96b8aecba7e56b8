import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Db } from '../../main/core/db/store-port.js';
import { openDatabase } from '../../main/core/db/open-database.js';
import { runPgMigrations } from '../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../main/stores/postgres/migrations/index.js';
import { openPgStore } from '../../main/stores/postgres/open-pg-store.js';
import { PgStore } from '../../main/stores/postgres/pg-store.js';
import { createOrg } from '../../main/stores/postgres/orgs.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import type { PostgresCluster } from './postgres-cluster.js';
import { postgresForFile } from './shared-postgres.js';

/** One of the two stores the engine runs on: `open()` gives a fresh, empty ledger each call. */
export interface StoreKind {
  readonly name: 'sqlite' | 'postgres';
  open(): Db;
  /**
   * Opens `db`'s ledger again on a new connection, as a restarted process
   * would (PostgreSQL only: the SQLite store is in memory; a test that
   * restarts on SQLite uses a file).
   */
  reopen?(db: Db): Db;
}

/** The desktop's store: an in-memory SQLite ledger. */
export const sqliteStore: StoreKind = { name: 'sqlite', open: () => openDatabase(':memory:') };

/**
 * The server's store, for a test file: one migrated database in the run's
 * PostgreSQL cluster (shared-postgres.ts), made before the file's tests and
 * dropped after them, and a new org — an empty ledger — for every open();
 * the stores a test opened are closed after it.
 * Call at the top level of the file (it registers beforeAll/afterAll).
 */
export function postgresStoreForFile(): StoreKind {
  let cluster: PostgresCluster | null = null;
  let url = '';
  let orgs = 0;
  const opened: Db[] = [];
  beforeAll(async () => {
    cluster = await postgresForFile();
    url = (await cluster.createDatabase()).url;
    const conn = SyncConnection.open(url);
    try {
      runPgMigrations(conn, SERVER_MIGRATIONS);
    } finally {
      conn.close();
    }
  }, 240_000);
  // Each store holds a connection (and its thread): the cluster allows 200, shared by the files running at once.
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  });
  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);
  const connect = (orgOf: (conn: SyncConnection) => number): Db => {
    if (!url) throw new Error('the PostgreSQL database is not made: call postgresStoreForFile() at the top level of the test file');
    const conn = SyncConnection.open(url, { sqliteValues: true });
    try {
      const store = openPgStore(conn, orgOf(conn));
      opened.push(store);
      return store;
    } catch (err) {
      conn.close();
      throw err;
    }
  };
  return {
    name: 'postgres',
    open: () => connect((conn) => createOrg(conn, `org ${++orgs}`, 0)),
    reopen(db) {
      if (!(db instanceof PgStore)) throw new Error('reopen: not a PostgreSQL store');
      return connect(() => db.orgId);
    },
  };
}

/** Both stores, for `describe.each(bothStores())` (PostgreSQL's database lives as long as the file). */
export function bothStores(): StoreKind[] {
  return [sqliteStore, postgresStoreForFile()];
}
