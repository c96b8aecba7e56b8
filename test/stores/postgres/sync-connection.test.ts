import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PgError, SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { type PostgresCluster, type TestDatabase } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

let cluster: PostgresCluster;
let db: TestDatabase;
let conn: SyncConnection;

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  conn = SyncConnection.open(db.url);
  conn.exec('CREATE TABLE t (id BIGINT PRIMARY KEY, label TEXT NOT NULL UNIQUE)');
});

afterAll(async () => {
  conn?.close();
  await cluster?.stop();
});

describe('the synchronous connection', () => {
  test('returns rows synchronously, BIGINT as an exact number', () => {
    const row = conn.get<{ n: number; s: string }>('SELECT $1::bigint AS n, $2::text AS s', [2 ** 53 - 1, 'x']);
    expect(row).toEqual({ n: 2 ** 53 - 1, s: 'x' });
    expect(conn.all('SELECT g FROM generate_series(1, 3) g').map((r) => r.g)).toEqual([1, 2, 3]);
    expect(conn.run('INSERT INTO t VALUES (1, $1), (2, $2)', ['a', 'b']).rowCount).toBe(2);
    expect(conn.get('SELECT 1 AS x WHERE false')).toBeUndefined();
  });

  test('refuses a BIGINT beyond exact JavaScript integers rather than rounding it', () => {
    expect(() => conn.get('SELECT 9007199254740993::bigint AS n')).toThrow(/beyond JavaScript's exact integers/);
    // The connection is still usable after.
    expect(conn.get('SELECT 1 AS one')).toEqual({ one: 1 });
  });

  test('a database error carries its SQLSTATE and constraint', () => {
    conn.run("INSERT INTO t VALUES (10, 'dup') ON CONFLICT DO NOTHING");
    let caught: unknown;
    try {
      conn.run("INSERT INTO t VALUES (11, 'dup')");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PgError);
    expect((caught as PgError).code).toBe('23505');
    expect((caught as PgError).constraint).toBe('t_label_key');
  });

  test('transaction commits on return and rolls back on throw', () => {
    conn.transaction(() => conn.run("INSERT INTO t VALUES (20, 'kept')"));
    expect(() =>
      conn.transaction(() => {
        conn.run("INSERT INTO t VALUES (21, 'gone')");
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(conn.all('SELECT label FROM t WHERE id IN (20, 21) ORDER BY id').map((r) => r.label)).toEqual(['kept']);
    expect(conn.inTransaction).toBe(false);
  });

  test('a nested transaction is a savepoint: its failure undoes only its own work', () => {
    conn.transaction(() => {
      conn.run("INSERT INTO t VALUES (30, 'outer')");
      expect(() =>
        conn.transaction(() => {
          conn.run("INSERT INTO t VALUES (31, 'inner')");
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
    });
    expect(conn.all('SELECT label FROM t WHERE id IN (30, 31) ORDER BY id').map((r) => r.label)).toEqual(['outer']);
  });

  test.each([
    ['serialization failure', '40001'],
    ['deadlock', '40P01'],
  ])('a %s rolls back and runs the transaction again', (_name, sqlstate) => {
    let attempts = 0;
    const label = `retried-${sqlstate}`;
    conn.transaction(() => {
      attempts += 1;
      conn.run('INSERT INTO t VALUES ($1, $2)', [100 + attempts + (sqlstate === '40001' ? 0 : 10), label]);
      if (attempts < 3) conn.exec(`DO $$ BEGIN RAISE EXCEPTION 'collided' USING ERRCODE = '${sqlstate}'; END $$`);
    });
    expect(attempts).toBe(3);
    expect(conn.all('SELECT id FROM t WHERE label = $1', [label])).toHaveLength(1);
  });

  test('other errors are not retried', () => {
    let attempts = 0;
    expect(() =>
      conn.transaction(() => {
        attempts += 1;
        conn.exec('SELECT 1/0');
      }),
    ).toThrow(/division by zero/);
    expect(attempts).toBe(1);
  });

  test('the org scope lasts for its transaction only', () => {
    expect(conn.transaction(() => conn.currentOrg(), { orgId: 7 })).toBe(7);
    expect(conn.currentOrg()).toBeNull();
    expect(() => conn.transaction(() => conn.transaction(() => 1, { orgId: 8 }), { orgId: 7 })).toThrow(/cannot change the org scope/);
  });

  test.each([
    ['a wrong password', () => db.url.replace(/:[^:@/]+@/, ':wrong@')],
    ['no server on the port', () => db.url.replace(`:${cluster.port}/`, ':1/')],
  ])('opening with %s fails with a clear error', (_name, url) => {
    expect(() => SyncConnection.open(url())).toThrow(/password authentication failed|ECONNREFUSED/);
  });

  test('a connection whose server process was killed fails its next query instead of hanging', () => {
    const c = SyncConnection.open(db.url);
    const admin = SyncConnection.open(db.adminUrl);
    try {
      const { pid } = c.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')!;
      expect(admin.get('SELECT pg_terminate_backend($1) AS killed', [pid])).toEqual({ killed: true });
      expect(() => c.get('SELECT 1')).toThrow(/terminat|Connection/i);
      expect(() => c.get('SELECT 1')).toThrow();
    } finally {
      c.close();
      admin.close();
    }
  });

  test('a closed connection refuses queries', () => {
    const c = SyncConnection.open(db.url);
    c.close();
    expect(() => c.get('SELECT 1')).toThrow(/closed/);
  });

  test("a closed connection's thread serves the next open as a new session: nothing of the last one carries over", () => {
    const a = SyncConnection.open(db.url, { sqliteValues: true });
    const first = a.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')!.pid;
    a.exec("SET application_name = 'left-behind'");
    expect(a.get('SELECT true AS b')).toEqual({ b: 1 });
    a.close();
    const b = SyncConnection.open(db.url);
    try {
      expect(b.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')!.pid).not.toBe(first);
      expect(b.get('SELECT current_setting($1) AS name', ['application_name'])).toEqual({ name: '' });
      // The last open's value parsing (sqliteValues) does not carry over either.
      expect(b.get('SELECT true AS b')).toEqual({ b: true });
    } finally {
      b.close();
    }
  });

  test('after a connection that broke, the next open connects and works', () => {
    const c = SyncConnection.open(db.url);
    const admin = SyncConnection.open(db.adminUrl);
    const { pid } = c.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')!;
    admin.get('SELECT pg_terminate_backend($1) AS killed', [pid]);
    admin.close();
    expect(() => c.get('SELECT 1')).toThrow();
    c.close();
    for (let i = 0; i < 3; i++) {
      const next = SyncConnection.open(db.url);
      try {
        expect(next.get('SELECT 1 AS one')).toEqual({ one: 1 });
      } finally {
        next.close();
      }
    }
  });
});

describe('the esbuild CLI bundle', () => {
  test('runs the connection from a bundle with the worker copied beside it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bundle-'));
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(
      entry,
      `import { SyncConnection } from ${JSON.stringify(path.join(ROOT, 'main/stores/postgres/sync-connection.ts'))};
const c = SyncConnection.open(process.env.URL!);
process.stdout.write(JSON.stringify(c.get('SELECT 40 + 2 AS answer')));
c.close();
`,
    );
    // The options of scripts/build-cli.mjs, and its copy of the worker files.
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: path.join(dir, 'out.mjs'),
      logLevel: 'warning',
    });
    const { copyWorkers } = (await import(pathToFileURL(path.join(ROOT, 'scripts/build-cli.mjs')).href)) as { copyWorkers(d: string): void };
    copyWorkers(dir);
    // Beside a node_modules, as out/cli/burnrate.mjs is, so `pg` resolves the same way.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const out = execFileSync(process.execPath, [path.join(dir, 'out.mjs')], { env: { ...process.env, URL: db.url }, encoding: 'utf8', timeout: 120_000 });
    expect(JSON.parse(out)).toEqual({ answer: 42 });
  });
});
