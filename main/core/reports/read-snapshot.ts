import Database from 'better-sqlite3';
import type { Db } from '../db/store-port.js';
import { sqliteOptions } from '../db/sqlite-options.js';

/** A read-only view of the ledger database frozen at one moment. */
export interface ReadSnapshot {
  db: Db;
  /** Ends the read transaction and closes the extra connection, if one was opened. */
  close(): void;
}

/**
 * Opens a second, read-only connection on the ledger file and starts a read
 * transaction on it, so a long export streams one consistent snapshot (WAL)
 * while the engine keeps settling on its own connection: a statement iterator
 * left open on the engine's connection would make every other query on it fail.
 * An in-memory database has no file to share and is read directly.
 */
export function openReadSnapshot(db: Db): ReadSnapshot {
  // Another store (PostgreSQL) reads in the caller's own transaction.
  if (!(db instanceof Database) || db.memory || db.name === '' || db.name === ':memory:') {
    return { db, close: () => undefined };
  }
  const reader = new Database(db.name, sqliteOptions({ readonly: true, fileMustExist: true }));
  reader.pragma('busy_timeout = 5000');
  reader.exec('BEGIN');
  // The snapshot is taken at the first read, not at BEGIN.
  reader.prepare('SELECT COUNT(*) FROM ledger_entries WHERE id < 0').get();
  return {
    db: reader,
    close() {
      if (!reader.open) return;
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    },
  };
}
