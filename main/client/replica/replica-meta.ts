import type { SqliteDb } from '../../core/db/open-database.js';
import { openReplicaForPull } from './replica-store.js';

/**
 * A connected desktop's own notes beside the replica (never pulled, never
 * sent): which alert it last announced, who the token belonged to when it was
 * last checked. Kept in the replica's file, so they go with the org's data.
 */
function ensureMeta(db: SqliteDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS replica_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
}

/** One note of the replica in `dataDir`, or null. */
export function readReplicaMeta(dataDir: string, key: string): string | null {
  const db = openReplicaForPull(dataDir);
  try {
    ensureMeta(db);
    const row = db.prepare('SELECT value FROM replica_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  } finally {
    db.close();
  }
}

/** Writes one note of the replica in `dataDir`. */
export function writeReplicaMeta(dataDir: string, key: string, value: string): void {
  const db = openReplicaForPull(dataDir);
  try {
    ensureMeta(db);
    db.transaction(() =>
      db.prepare('INSERT INTO replica_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value),
    ).immediate();
  } finally {
    db.close();
  }
}
