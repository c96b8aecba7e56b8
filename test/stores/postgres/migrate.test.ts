import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MigrationError } from '../../../main/core/db/migrate.js';
import { type PgMigration, runPgMigrations } from '../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../main/stores/postgres/migrations/index.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { type PostgresCluster } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';

let cluster: PostgresCluster;
let owner: SyncConnection;
let superuser: SyncConnection;
let cases = 0;

/**
 * A connection to an empty schema of its own (the search_path), as the
 * database's non-superuser owner or as the superuser: a fresh database per
 * case would cost a second each on a loaded machine; a schema costs nothing
 * and the runner sees the same empty place.
 */
function freshSchema(as: 'owner' | 'superuser' = 'owner'): { conn: SyncConnection } {
  cases += 1;
  owner.exec(`CREATE SCHEMA case_${cases}`);
  const conn = as === 'owner' ? owner : superuser;
  conn.exec(`SET search_path = case_${cases}`);
  return { conn };
}

const step = (version: number, table = `t${version}`): PgMigration => ({ version, name: `step-${version}`, sql: `CREATE TABLE ${table} (id INT)` });
const m1 = step(1);
const m2 = step(2);
const m3 = step(3);

function tables(conn: SyncConnection): string[] {
  return conn.all<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1').map((r) => r.t);
}

beforeAll(async () => {
  cluster = await postgresForFile();
  const db = await cluster.createDatabase();
  owner = SyncConnection.open(db.url);
  superuser = SyncConnection.open(db.adminUrl);
});

afterAll(async () => {
  owner?.close();
  superuser?.close();
  await cluster?.stop();
});

describe('the PostgreSQL migration runner', () => {
  test('applies the server schema in order once; a second run applies nothing', () => {
    const { conn } = freshSchema();
    expect(runPgMigrations(conn, SERVER_MIGRATIONS)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
    expect(runPgMigrations(conn, SERVER_MIGRATIONS)).toEqual([]);
    expect(conn.all('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(
      SERVER_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
  });

  test('applies only the steps added since the last run', () => {
    const { conn } = freshSchema();
    expect(runPgMigrations(conn, [m1])).toEqual([1]);
    expect(runPgMigrations(conn, [m1, m2, m3])).toEqual([2, 3]);
    expect(tables(conn)).toEqual(['schema_migrations', 't1', 't2', 't3']);
  });

  test.each<[string, PgMigration[], PgMigration[], RegExp]>([
    [
      'a step edited after it was applied',
      [m1, m2],
      [m1, { ...m2, sql: 'CREATE TABLE t2 (id BIGINT)' }],
      /migration 2 \(step-2\) was edited after it was applied/,
    ],
    ['a step renamed after it was applied', [m1, m2], [m1, { ...m2, name: 'renamed' }], /migration 2 \(step-2\) was edited/],
    ['a step added before one already applied', [m1, m3], [m1, m2, m3], /migration 2 \(step-2\) comes before the applied migration 3/],
    ['a database migrated by a newer version', [m1, m2], [m1], /database has migration 2 \(step-2\) that this version of Burnrate does not know/],
  ])('refuses %s and changes nothing', (_name, first, then, message) => {
    const { conn } = freshSchema();
    runPgMigrations(conn, first);
    const before = tables(conn);
    expect(() => runPgMigrations(conn, then)).toThrow(MigrationError);
    expect(() => runPgMigrations(conn, then)).toThrow(message);
    expect(tables(conn)).toEqual(before);
  });

  test.each<[string, PgMigration[]]>([
    ['versions that do not increase', [m2, m1]],
    ['a repeated version', [m1, { ...m1, name: 'again' }]],
    ['a version below 1', [step(0)]],
  ])('refuses a list with %s before touching the database', (_name, list) => {
    const { conn } = freshSchema();
    expect(() => runPgMigrations(conn, list)).toThrow(/versions must increase in list order/);
    expect(tables(conn)).toEqual([]);
  });

  test('a failing step is rolled back whole and not recorded; the steps before it stay', () => {
    const { conn } = freshSchema();
    const broken: PgMigration = { version: 2, name: 'broken', sql: 'CREATE TABLE half (id INT); SELECT no_such_function()' };
    expect(() => runPgMigrations(conn, [m1, broken])).toThrow(/no_such_function/);
    expect(tables(conn)).toEqual(['schema_migrations', 't1']);
    expect(conn.all('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }]);
  });

  test('refuses to run as a role row-level security does not apply to (a superuser)', () => {
    const { conn } = freshSchema('superuser');
    expect(() => runPgMigrations(conn, SERVER_MIGRATIONS)).toThrow(/superuser or has BYPASSRLS/);
    expect(tables(conn)).toEqual([]);
  });
});
