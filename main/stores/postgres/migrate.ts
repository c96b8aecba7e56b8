import { type AppliedMigration, checkAppliedHistory, checkMigrationList, MigrationError, migrationChecksum } from '../../core/db/migrate.js';
import type { SyncConnection } from './sync-connection.js';

/** One numbered step of the server's PostgreSQL schema. Once applied, its SQL must never change. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Key of the transaction-level advisory lock every migrating process takes:
 * two servers starting at once on one database migrate one after the other.
 * Transaction-level, so it is released by COMMIT/ROLLBACK even behind a
 * connection pooler, and never outlives a crashed process's transaction.
 */
export const MIGRATION_LOCK_KEY = 7_411_001;

/**
 * Refuses a role row-level security would not apply to (a superuser, or one
 * with BYPASSRLS): with it, a query missing its org filter would see every org.
 */
export function assertRowSecurityApplies(conn: SyncConnection): void {
  const role = conn.get<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
  );
  if (!role || role.rolsuper || role.rolbypassrls) {
    throw new MigrationError(`the database role ${role?.name ?? '(unknown)'} is a superuser or has BYPASSRLS: connect as a role row-level security applies to`);
  }
}

/**
 * Applies pending migrations in order, each in its own transaction under the
 * advisory lock (so a second process waits, then finds them applied).
 * Refuses, like the SQLite runner, a list whose versions do not increase, a
 * history that is not the list's first steps, and an applied step edited since.
 * Returns the versions it applied.
 */
export function runPgMigrations(conn: SyncConnection, migrations: readonly PgMigration[]): number[] {
  checkMigrationList(migrations);
  assertRowSecurityApplies(conn);
  const done: number[] = [];
  for (;;) {
    const version = conn.transaction(() => {
      conn.get('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      conn.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const applied = conn.all<AppliedMigration>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
      checkAppliedHistory(applied, migrations);
      const next = migrations[applied.length];
      if (!next) return null;
      conn.exec(next.sql);
      conn.run('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [next.version, next.name, migrationChecksum(next)]);
      return next.version;
    });
    if (version === null) return done;
    done.push(version);
  }
}
