import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RefusedError } from '../errors.js';
import { runMigrations } from './migrate.js';
import { ENGINE_MIGRATIONS } from './migrations/index.js';
import { ensurePrivateDir, preparePrivateDbFile, PRIVATE_FILE_MODE } from './private-files.js';
import { sqliteOptions } from './sqlite-options.js';

/** The desktop's store: a better-sqlite3 connection (it satisfies the core's store port, `Db`). */
export type SqliteDb = Database.Database;
export type { Db } from './store-port.js';

/** SQLite's words for a file that is not a database, or a damaged one. */
const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * Opens (creating if needed) the ledger database in `dataDir` with durable
 * settings and applies pending migrations. The folder is created 0700 and the
 * files 0600. An empty (0-byte) or corrupt `burnrate.db` is refused with what
 * to do — never silently started over, which would lose the ledger.
 */
export function openDatabase(dataDir: string, fileName = 'burnrate.db'): SqliteDb {
  if (dataDir === ':memory:') return openAt(':memory:');
  if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) {
    throw new RefusedError('invalid_data_dir', `the data folder '${dataDir}' is a file, not a folder: pass a folder (--data-dir or BURNRATE_DATA_DIR)`);
  }
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, fileName);
  if (!writable(dataDir) && fs.existsSync(file)) return openReadOnly(file);
  const { created } = preparePrivateDbFile(file);
  if (!created && isEmptyLedger(file)) {
    throw new RefusedError(
      'empty_database',
      `${file} is empty (0 bytes), so it holds no ledger: restore it from a backup, or move it away (e.g. mv '${file}' '${file}.empty') to start a new, empty ledger`,
    );
  }
  try {
    return openAt(file);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && CORRUPT_CODES.has(code)) {
      throw new RefusedError(
        'corrupt_database',
        `${file} is not a readable Burnrate ledger (${(err as Error).message}): restore it from a backup, or move it away to start a new, empty ledger`,
      );
    }
    throw err;
  }
}

/** True when this process may create and change files in `dir`. */
function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A ledger in a folder this process cannot write (a read-only mount, a
 * backup): reading commands (status, ledger, exports to another folder) still
 * work. SQLite cannot read a WAL database where it may not make its -shm file,
 * so the ledger (and its -wal) is copied into a private temporary folder,
 * folded into one file there, and opened read-only (exports open it again
 * for their snapshot); the copy is removed when the process exits. Nothing is
 * settled (engine.settle), and a command that would change the ledger is
 * refused by SQLite (SQLITE_READONLY: exit 2). A ledger that would need a
 * migration cannot be read this way.
 */
function openReadOnly(file: string): SqliteDb {
  if (isEmptyLedger(file)) throw new RefusedError('empty_database', `${file} is empty (0 bytes), so it holds no ledger: restore it from a backup`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-readonly-'));
  try {
    const copy = path.join(dir, 'burnrate.db');
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), PRIVATE_FILE_MODE);
    const fold = new Database(copy, sqliteOptions());
    fold.pragma('journal_mode = DELETE');
    fold.close();
    const db = new Database(copy, { ...sqliteOptions(), readonly: true, fileMustExist: true });
    db.pragma('foreign_keys = ON');
    const applied = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
    if (applied !== ENGINE_MIGRATIONS.length) {
      db.close();
      throw new RefusedError(
        'read_only_data',
        `the data folder of ${file} is read-only and its ledger must be upgraded by this version of Burnrate first: make the folder writable and run again`,
      );
    }
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return db;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && CORRUPT_CODES.has(code)) {
      throw new RefusedError('corrupt_database', `${file} is not a readable Burnrate ledger (${(err as Error).message}): restore it from a backup`);
    }
    throw err;
  }
}

function openAt(file: string): SqliteDb {
  const db = new Database(file, sqliteOptions());
  try {
    configureConnection(db);
    runMigrations(db, ENGINE_MIGRATIONS);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** A 0-byte ledger file with no write-ahead log beside it (a WAL may hold a ledger not yet checkpointed). */
function isEmptyLedger(file: string): boolean {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return fs.existsSync(file) && size(file) === 0 && size(`${file}-wal`) === 0;
}

/** WAL for concurrent readers, FULL sync so a committed entry survives power loss. */
export function configureConnection(db: SqliteDb): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}
