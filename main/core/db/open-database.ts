import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../errors.js';
import { runMigrations } from './migrate.js';
import { ENGINE_MIGRATIONS } from './migrations/index.js';
import { sqliteOptions } from './sqlite-options.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the ledger database in `dataDir` with durable
 * settings and applies pending migrations.
 */
export function openDatabase(dataDir: string, fileName = 'burnrate.db'): Db {
  if (dataDir !== ':memory:') {
    if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) {
      throw new RefusedError('invalid_data_dir', `the data folder '${dataDir}' is a file, not a folder: pass a folder (--data-dir or BURNRATE_DATA_DIR)`);
    }
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const file = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, fileName);
  const db = new Database(file, sqliteOptions());
  configureConnection(db);
  runMigrations(db, ENGINE_MIGRATIONS);
  return db;
}

/** WAL for concurrent readers, FULL sync so a committed entry survives power loss. */
export function configureConnection(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}
