import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Db } from '../../main/core/db/store-port.js';
import { openDatabase } from '../../main/core/db/open-database.js';
import { runPgMigrations } from '../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../main/stores/postgres/migrations/index.js';
import { openPgStore } from '../../main/stores/postgres/open-pg-store.js';
import { createOrg } from '../../main/stores/postgres/orgs.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';

/** One of the two stores the engine runs on: `open()` gives a fresh, empty ledger each call. */
export interface StoreKind {
  readonly name: 'sqlite' | 'postgres';
  open(): Db;
}

/** The desktop's store: an in-memory SQLite ledger. */
export const sqliteStore: StoreKind = { name: 'sqlite', open: () => openDatabase(':memory:') };

/**
 * The server's store, for a test file: one PostgreSQL cluster started before
 * the file's tests and stopped after them (starting one costs seconds), one
 * migrated database in it, and a new org — an empty ledger — for every open();
 * the stores a test opened are closed after it.
 * Call at the top level of the file (it registers beforeAll/afterAll).
 */
export function postgresStoreForFile(): StoreKind {
  let cluster: PostgresCluster | null = null;
  let url = '';
  let orgs = 0;
  const opened: Db[] = [];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = (await cluster.createDatabase()).url;
    const conn = SyncConnection.open(url);
    try {
      runPgMigrations(conn, SERVER_MIGRATIONS);
    } finally {
      conn.close();
    }
  }, 240_000);
  // Each store holds a connection (and its thread): the cluster allows 60.
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  });
  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);
  return {
    name: 'postgres',
    open() {
      if (!url) throw new Error('the PostgreSQL cluster is not started: call postgresStoreForFile() at the top level of the test file');
      const conn = SyncConnection.open(url, { sqliteValues: true });
      try {
        const orgId = createOrg(conn, `org ${++orgs}`, 0);
        const store = openPgStore(conn, orgId);
        opened.push(store);
        return store;
      } catch (err) {
        conn.close();
        throw err;
      }
    },
  };
}

/** Both stores, for `describe.each(bothStores())` (PostgreSQL's cluster lives as long as the file). */
export function bothStores(): StoreKind[] {
  return [sqliteStore, postgresStoreForFile()];
}
