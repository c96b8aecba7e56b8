import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** One numbered schema step. Once applied, its SQL must never change. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Thrown when the database's migration history disagrees with the code's. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Hash used to detect a migration edited after it was applied. */
export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/**
 * Applies pending migrations in order, each in its own transaction, and
 * refuses a list that is out of order or whose applied steps were edited.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(`migration ${m.name} has version ${m.version}, expected ${i + 1}: migrations must be numbered 1, 2, 3… in order`);
    }
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; name: string; checksum: string }[];
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (!known) {
      throw new MigrationError(`database has migration ${row.version} (${row.name}) that this version of Burnrate does not know: it was written by a newer version`);
    }
    if (migrationChecksum(known) !== row.checksum || known.name !== row.name) {
      throw new MigrationError(`migration ${row.version} (${row.name}) was edited after it was applied; add a new migration instead`);
    }
  }
  const done: number[] = [];
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, migrationChecksum(m), new Date().toISOString());
    })();
    done.push(m.version);
  }
  return done;
}
