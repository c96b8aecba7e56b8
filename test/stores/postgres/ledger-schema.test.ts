import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { appendOrgEntry } from '../../../main/stores/postgres/ledger-append.js';
import { runPgMigrations } from '../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../main/stores/postgres/migrations/index.js';
import { createOrg } from '../../../main/stores/postgres/orgs.js';
import { PgError, SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { type PostgresCluster } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';

let cluster: PostgresCluster;
let conn: SyncConnection;
let admin: SyncConnection;
let orgA: number;
let orgB: number;
let depA: number;
let depB: number;

const inOrg = <T>(orgId: number, fn: () => T): T => conn.transaction(fn, { orgId });

function newDeployment(name: string): number {
  return conn.get<{ id: number }>(
    `INSERT INTO deployments (name, model, params_b, precision, tier, state, next_charge_at, created_at)
     VALUES ($1, 'llama', 8, 'fp16', 'S', 'running', 3600000, 0) RETURNING id`,
    [name],
  )!.id;
}

/** The error `fn` throws (fails the test when it throws none). */
function failure(fn: () => unknown): PgError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PgError) return err;
    throw err;
  }
  throw new Error('expected a database error, got none');
}

function entries(orgId: number) {
  return inOrg(orgId, () =>
    conn.all<{ seq: number; credits: number; balance_before: number; balance_after: number }>(
      'SELECT seq, credits, balance_before, balance_after FROM ledger_entries ORDER BY seq',
    ),
  );
}

beforeAll(async () => {
  cluster = await postgresForFile();
  const db = await cluster.createDatabase();
  conn = SyncConnection.open(db.url);
  admin = SyncConnection.open(db.adminUrl);
  runPgMigrations(conn, SERVER_MIGRATIONS);
  orgA = createOrg(conn, 'Org A', 0);
  orgB = createOrg(conn, 'Org B', 0);
  inOrg(orgA, () => {
    depA = newDeployment('a-dep');
    appendOrgEntry(conn, { kind: 'purchase', credits: 1000, idempotencyKey: 'buy-1', at: 1 });
    appendOrgEntry(conn, { kind: 'charge', credits: -60, idempotencyKey: 'charge-1', deploymentId: depA, hourStart: 0, at: 2 });
    conn.run("INSERT INTO settings (key, value) VALUES ('alerts', '{\"low\":100}')");
  });
  inOrg(orgB, () => {
    depB = newDeployment('b-dep');
    appendOrgEntry(conn, { kind: 'purchase', credits: 50, idempotencyKey: 'buy-1', at: 1 });
  });
});

afterAll(async () => {
  conn?.close();
  admin?.close();
  await cluster?.stop();
});

describe('ledger entries are append-only', () => {
  test.each([
    ['UPDATE of an entry', 'UPDATE ledger_entries SET credits = 5000 WHERE seq = 1'],
    ['DELETE of an entry', 'DELETE FROM ledger_entries WHERE seq = 2'],
    ['TRUNCATE of the ledger', 'TRUNCATE ledger_entries CASCADE'],
    ['UPDATE of a deployment event', 'UPDATE deployment_events SET reason = $$user$$'],
    ['direct UPDATE of the balance', 'UPDATE ledger_accounts SET balance = 999999'],
    ['DELETE of the balance', 'DELETE FROM ledger_accounts'],
  ])('%s is refused', (_name, sql) => {
    if (sql.includes('deployment_events')) {
      inOrg(orgA, () =>
        conn.run("INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES ($1, 0, 'created', 'running', 'user')", [depA]),
      );
    }
    const before = entries(orgA);
    const err = failure(() => inOrg(orgA, () => conn.run(sql)));
    expect(err.message).toMatch(/append-only|change only by appending/);
    expect(entries(orgA)).toEqual(before);
    expect(inOrg(orgA, () => conn.get('SELECT balance FROM ledger_accounts'))).toEqual({ balance: 940 });
  });
});

describe('the balance chain', () => {
  test('each entry starts from the previous balance, positions follow each other, the account holds the sum', () => {
    const rows = entries(orgA);
    expect(rows.length).toBeGreaterThan(1);
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(r.balance_before).toBe(i === 0 ? 0 : rows[i - 1]!.balance_after);
      expect(r.balance_after).toBe(r.balance_before + r.credits);
    });
    const sum = rows.reduce((s, r) => s + r.credits, 0);
    expect(inOrg(orgA, () => conn.get('SELECT balance, last_seq FROM ledger_accounts'))).toEqual({ balance: sum, last_seq: rows.length });
  });

  test.each([
    ['balance_after not previous + credits', { before: null, after: 941 + 10, seq: null }, /balance_after must equal/],
    ['balance_before not the previous balance', { before: 100, after: 110, seq: null }, /balance_before 100 is not the previous balance 940/],
    ['a position already taken', { before: 940, after: 950, seq: 2 }, /seq 2 does not follow/],
    ['a position skipped', { before: 940, after: 950, seq: 9 }, /seq 9 does not follow/],
  ])('an entry with %s is refused', (_name, v, message) => {
    const before = entries(orgA);
    const err = failure(() =>
      inOrg(orgA, () =>
        conn.run(
          "INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, seq, idempotency_key, at) VALUES ('purchase', 10, $1, $2, $3, 'fork', 3)",
          [v.before, v.after, v.seq],
        ),
      ),
    );
    expect(err.code).toBe('23514');
    expect(err.message).toMatch(message);
    expect(entries(orgA)).toEqual(before);
  });
});

describe('the balance never goes below zero', () => {
  test('the ledger refuses a debit larger than the balance, and nothing is written', () => {
    const before = entries(orgB);
    expect(() => inOrg(orgB, () => appendOrgEntry(conn, { kind: 'adjustment', credits: -51, idempotencyKey: 'too-much', at: 5 }))).toThrow(RefusedError);
    expect(entries(orgB)).toEqual(before);
  });

  test('the database refuses a negative balance_after even when the chain adds up', () => {
    const err = failure(() =>
      inOrg(orgB, () =>
        conn.run("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at) VALUES ('adjustment', -51, -1, 'negative', 5)"),
      ),
    );
    expect(err.code).toBe('23514');
  });

  test('with every trigger off, the CHECK on balance_after still refuses it', () => {
    const err = failure(() =>
      admin.transaction(() => {
        admin.exec('SET LOCAL session_replication_role = replica');
        admin.run(
          `INSERT INTO ledger_entries (org_id, seq, sync_seq, kind, credits, balance_before, balance_after, idempotency_key, at)
           VALUES ($1, 99, 99, 'adjustment', -51, 50, -1, 'negative-raw', 5)`,
          [orgB],
        );
      }),
    );
    expect(err.code).toBe('23514');
    expect(err.constraint).toBe('ledger_entries_balance_after_check');
  });
});

describe('uniqueness', () => {
  test('a second entry under an idempotency key is refused within an org', () => {
    const err = failure(() => inOrg(orgA, () => appendOrgEntry(conn, { kind: 'purchase', credits: 5, idempotencyKey: 'buy-1', at: 9 })));
    expect(err.code).toBe('23505');
    expect(err.constraint).toBe('ledger_entries_org_id_idempotency_key_key');
  });

  test('the same key in another org is that org’s own (set up: buy-1 in both)', () => {
    expect(inOrg(orgB, () => conn.get("SELECT credits FROM ledger_entries WHERE idempotency_key = 'buy-1'"))).toEqual({ credits: 50 });
  });

  test('a second charge for the same (deployment, hour) is refused', () => {
    const err = failure(() =>
      inOrg(orgA, () => appendOrgEntry(conn, { kind: 'charge', credits: -60, idempotencyKey: 'charge-1-again', deploymentId: depA, hourStart: 0, at: 3 })),
    );
    expect(err.code).toBe('23505');
    expect(err.constraint).toBe('ledger_one_charge_per_hour');
  });
});

describe('row-level security keeps each org to its own rows', () => {
  test('every table with an org_id column has forced row-level security and its org policy', () => {
    // Policies beyond `<table>_org`, each a deliberate read-only door: a token row is found by its hash (docs/server.md).
    const extra: Record<string, string[]> = { member_tokens: ['member_tokens_by_hash'], stripe_object_orgs: ['stripe_object_orgs_route'] };
    const tables = admin.all<{ table: string; rls: boolean; forced: boolean; policies: string[] }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              ARRAY(SELECT p.policyname::text FROM pg_policies p WHERE p.tablename = c.relname ORDER BY 1) AS policies
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 1`,
    );
    expect(tables.map((t) => t.table)).toContain('ledger_entries');
    for (const t of tables)
      expect(t, t.table).toEqual({ table: t.table, rls: true, forced: true, policies: [`${t.table}_org`, ...(extra[t.table] ?? [])].sort() });
    const readOnly = admin.all<{ policyname: string; cmd: string }>(
      "SELECT policyname, cmd FROM pg_policies WHERE policyname IN ('member_tokens_by_hash', 'stripe_object_orgs_route') ORDER BY 1",
    );
    expect(readOnly).toEqual([
      { policyname: 'member_tokens_by_hash', cmd: 'SELECT' },
      { policyname: 'stripe_object_orgs_route', cmd: 'SELECT' },
    ]);
  });

  test.each(['ledger_entries', 'ledger_accounts', 'deployments', 'instance_tiers', 'instance_tier_prices', 'settings'])(
    'without an org scope, %s reads as empty',
    (table) => {
      expect(admin.get<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)!.n).toBeGreaterThan(0);
      expect(conn.all(`SELECT * FROM ${table}`)).toEqual([]);
    },
  );

  test.each<[string, () => unknown, unknown]>([
    ['a read of the other org’s entries', () => conn.all('SELECT * FROM ledger_entries WHERE org_id = $1', [orgA]), []],
    ['a read of its deployment by id', () => conn.all('SELECT * FROM deployments WHERE id = $1', [depA]), []],
    ['an update of its deployment', () => conn.run("UPDATE deployments SET name = 'stolen' WHERE id = $1", [depA]).rowCount, 0],
    ['a delete of its settings', () => conn.run('DELETE FROM settings').rowCount, 0],
    ['a read of its balance', () => conn.all('SELECT * FROM ledger_accounts WHERE org_id = $1', [orgA]), []],
  ])('scoped to org B, %s finds nothing', (_name, fn, expected) => {
    expect(inOrg(orgB, fn)).toEqual(expected);
    expect(inOrg(orgA, () => conn.get('SELECT name FROM deployments WHERE id = $1', [depA]))).toEqual({ name: 'a-dep' });
    expect(inOrg(orgA, () => conn.all('SELECT key FROM settings'))).toEqual([{ key: 'alerts' }]);
  });

  test.each<[string, () => unknown, string]>([
    [
      'writing an entry into the other org’s ledger',
      () => conn.run("INSERT INTO ledger_entries (org_id, kind, credits, balance_after, idempotency_key, at) VALUES ($1, 'purchase', 5, 945, 'in', 1)", [orgA]),
      '42501',
    ],
    [
      'writing a deployment for the other org',
      () => conn.run("INSERT INTO deployments (org_id, name, model, params_b, precision, tier, created_at) VALUES ($1, 'x', 'm', 1, 'fp16', 'S', 0)", [orgA]),
      '42501',
    ],
    [
      'charging the other org’s deployment',
      () => appendOrgEntry(conn, { kind: 'charge', credits: -1, idempotencyKey: 'x-charge', deploymentId: depA, hourStart: 0, at: 1 }),
      '23503',
    ],
    ['moving its own deployment to the other org', () => conn.run('UPDATE deployments SET org_id = $1 WHERE id = $2', [orgA, depB]), '42501'],
  ])('scoped to org B, %s is refused', (_name, fn, code) => {
    const before = entries(orgA);
    expect(failure(() => inOrg(orgB, fn)).code).toBe(code);
    expect(entries(orgA)).toEqual(before);
  });

  test.each([
    ['a write with no org', () => conn.run("INSERT INTO settings (key, value) VALUES ('k', '1')")],
    ['a write naming an org', () => conn.run("INSERT INTO settings (org_id, key, value) VALUES ($1, 'k', '1')", [orgA])],
  ])('without an org scope, %s is refused', (_name, fn) => {
    expect(failure(fn).code).toBe('42501');
  });
});

describe('the rest of the ledger core holds the SQLite rules', () => {
  test.each([
    ['a stopped deployment changing state', 'stopped', 'running', /a stopped deployment cannot change state/],
    ['running → created', 'running', 'created', /invalid deployment state transition/],
  ])('%s is refused', (_name, from, to, message) => {
    const err = failure(() =>
      inOrg(orgB, () => {
        const id = conn.get<{ id: number }>(
          `INSERT INTO deployments (name, model, params_b, precision, tier, state, next_charge_at, created_at)
           VALUES ('t', 'm', 1, 'fp16', 'S', $1, $2, 0) RETURNING id`,
          [from, from === 'running' ? 0 : null],
        )!.id;
        conn.run('UPDATE deployments SET state = $1, next_charge_at = NULL WHERE id = $2', [to, id]);
      }),
    );
    expect(err.message).toMatch(message);
  });

  test('a coupon is not redeemed past its maximum', () => {
    const err = failure(() =>
      inOrg(orgB, () => {
        conn.run("INSERT INTO coupons (code, credits, max_redemptions, created_at) VALUES ('ONCE', 10, 1, 0)");
        for (const account of ['a', 'b']) {
          const e = appendOrgEntry(conn, { kind: 'coupon', credits: 10, idempotencyKey: `coupon-${account}`, at: 1 });
          conn.run("INSERT INTO coupon_redemptions (code, account, ledger_entry_id, at) VALUES ('ONCE', $1, $2, 1)", [account, e.id]);
        }
      }),
    );
    expect(err.message).toMatch(/maximum redemptions/);
  });

  test('a setting must be JSON', () => {
    expect(failure(() => inOrg(orgB, () => conn.run("INSERT INTO settings (key, value) VALUES ('bad', '{nope')"))).code).toBe('23514');
  });
});
