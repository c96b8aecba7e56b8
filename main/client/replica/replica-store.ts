import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type SqliteDb } from '../../core/db/open-database.js';
import { sqliteOptions } from '../../core/db/sqlite-options.js';
import { RefusedError } from '../../core/errors.js';
import { hasDeferred } from './bulk-load.js';

/** The replica's file in the data folder (never `burnrate.db`: a local run must not take the org's ledger for its own). */
export const REPLICA_FILE = 'replica.db';

/** Where the replica stands: whose it is and how far it has pulled. */
export interface ReplicaState {
  /** The server it was pulled from (its URL, as given). */
  server: string;
  orgId: number;
  /** The org's change counter up to which every change is applied: the next pull asks for changes after it. */
  cursor: number;
  /** The last ledger entry's position in the org's chain (each pulled entry must follow it). */
  ledgerSeq: number;
  /** When the last page was applied (the client's clock, ISO-8601). */
  pulledAt: string;
}

/** The replica's path in `dataDir`. */
export function replicaFile(dataDir: string): string {
  return path.join(dataDir, REPLICA_FILE);
}

/** The state of the replica in `dataDir`, or null when there is none yet (read without creating anything). */
export function peekReplicaState(dataDir: string): ReplicaState | null {
  if (!fs.existsSync(replicaFile(dataDir))) return null;
  const db = new Database(replicaFile(dataDir), sqliteOptions({ readonly: true, fileMustExist: true }));
  try {
    return readReplicaState(db);
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** True when `dataDir` holds a replica that has pulled at least once. */
export function replicaExists(dataDir: string): boolean {
  return peekReplicaState(dataDir) !== null;
}

/**
 * Opens the replica for writing a pull: the desktop's own schema (migrated,
 * file 0600 in a 0700 folder, as the local ledger), plus its `replica_state`
 * row. Foreign keys are off on this connection: the rows are the server's,
 * already checked there, and a row may arrive before one it refers to (a
 * deployment changed after its charges is pulled after them).
 */
export function openReplicaForPull(dataDir: string): SqliteDb {
  const db = openDatabase(dataDir, REPLICA_FILE);
  try {
    db.pragma('foreign_keys = OFF');
    db.exec(`CREATE TABLE IF NOT EXISTS replica_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      server TEXT NOT NULL,
      org_id INTEGER NOT NULL,
      cursor INTEGER NOT NULL CHECK (cursor >= 0),
      ledger_seq INTEGER NOT NULL CHECK (ledger_seq >= 0),
      pulled_at TEXT NOT NULL
    ) STRICT`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens the replica read-only for offline commands (nothing is settled on it:
 * the engine settles nothing on a read-only store). Refused with
 * `no_replica` (exit 2) when the data folder holds none yet.
 */
export function openReplicaReadOnly(dataDir: string): SqliteDb {
  if (!replicaExists(dataDir))
    throw new RefusedError(
      'no_replica',
      `no synced replica in ${dataDir} yet: run any command against the server once (e.g. burnrate sync) with this --data-dir, then --offline works`,
    );
  const db = new Database(replicaFile(dataDir), sqliteOptions({ readonly: true, fileMustExist: true }));
  db.pragma('busy_timeout = 5000');
  if (hasDeferred(db)) {
    db.close();
    throw new RefusedError(
      'replica_incomplete',
      `the first sync into ${dataDir} was cut short: run any command against the server once (e.g. burnrate sync) to finish it, then --offline works`,
    );
  }
  return db;
}

/** The replica's state row, or null before its first page. */
export function readReplicaState(db: SqliteDb): ReplicaState | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'replica_state'").get();
  if (!hasTable) return null;
  const row = db.prepare('SELECT server, org_id, cursor, ledger_seq, pulled_at FROM replica_state WHERE id = 1').get() as
    { server: string; org_id: number; cursor: number; ledger_seq: number; pulled_at: string } | undefined;
  return row ? { server: row.server, orgId: row.org_id, cursor: row.cursor, ledgerSeq: row.ledger_seq, pulledAt: row.pulled_at } : null;
}

/** Removes the replica's files (it is a copy: the next pull rebuilds it from the server). */
export function removeReplica(dataDir: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${replicaFile(dataDir)}${suffix}`, { force: true });
}
