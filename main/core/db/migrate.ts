import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** One numbered schema step. Once applied, its SQL must never change. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table others reference (SQLite's way to change a CHECK): runs
   * with foreign keys off, checks them all before committing, then turns them
   * back on. Off is only possible outside a transaction.
   */
  rebuildsTables?: boolean;
}

/** Thrown when the database's migration history disagrees with the code's. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Hash used to detect a migration edited after it was applied. */
export function migrationChecksum(m: Pick<Migration, 'sql'>): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/** Refuses a list whose versions are not whole numbers increasing in list order. */
export function checkMigrationList(migrations: readonly Pick<Migration, 'version' | 'name'>[]): void {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1];
    if (!Number.isSafeInteger(m.version) || m.version < 1 || (prev && m.version <= prev.version)) {
      throw new MigrationError(`migration ${m.name} has version ${m.version}: versions must increase in list order`);
    }
  });
}

/** A migration the database records as applied. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Refuses a history that is not exactly the list's first steps (a step added
 * out of order, or one from a newer version) or whose step was edited since.
 */
export function checkAppliedHistory(applied: readonly AppliedMigration[], migrations: readonly Pick<Migration, 'version' | 'name' | 'sql'>[]): void {
  applied.forEach((row, i) => {
    const known = migrations[i];
    if (!known || known.version !== row.version) {
      const missing = migrations.find((m) => m.version < row.version && !applied.some((a) => a.version === m.version));
      throw new MigrationError(
        missing
          ? `migration ${missing.version} (${missing.name}) comes before the applied migration ${row.version}: migrations must be added in order`
          : `database has migration ${row.version} (${row.name}) that this version of Burnrate does not know: it was written by a newer version`,
      );
    }
    if (migrationChecksum(known) !== row.checksum || known.name !== row.name) {
      throw new MigrationError(`migration ${row.version} (${row.name}) was edited after it was applied; add a new migration instead`);
    }
  });
}

/**
 * Applies pending migrations in order, each in its own transaction. Refuses a
 * list whose versions do not increase, a database whose applied steps are not
 * exactly the list's first steps (a step added out of order), and an applied
 * step whose SQL was edited.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  checkMigrationList(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
  checkAppliedHistory(applied, migrations);
  const done: number[] = [];
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    const fk = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0)
          throw new MigrationError(`migration ${m.version} (${m.name}) left a broken reference`);
        insert.run(m.version, m.name, migrationChecksum(m), new Date().toISOString());
      }).immediate();
    } finally {
      if (m.rebuildsTables && fk) db.pragma('foreign_keys = ON');
    }
    done.push(m.version);
  }
  return done;
}
