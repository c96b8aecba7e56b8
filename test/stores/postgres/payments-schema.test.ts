import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appendOrgEntry } from '../../../main/stores/postgres/ledger-append.js';
import { runPgMigrations } from '../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../main/stores/postgres/migrations/index.js';
import { createOrg } from '../../../main/stores/postgres/orgs.js';
import { PgError, SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import type { PostgresCluster } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';

/**
 * The payments tables' rules, held by PostgreSQL (migrations 004 and 009):
 * the same as SQLite's, per org, and one credit per payment.
 */
let cluster: PostgresCluster;
let conn: SyncConnection;
let orgA: number;
let orgB: number;
let n = 0;

const inOrg = <T>(orgId: number, fn: () => T): T => conn.transaction(fn, { orgId });

/** A payment row in the transaction's org; its id. */
function payment(p: { key?: string; kind?: string; credits?: number; status?: string; intent?: string | null; request?: string; entry?: number | null }) {
  return conn.get<{ id: number }>(
    `INSERT INTO payments (idempotency_key, kind, credits, request, status, payment_intent, ledger_entry_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0) RETURNING id`,
    [p.key ?? `key-${++n}`, p.kind ?? 'purchase', p.credits ?? 500, p.request ?? '{}', p.status ?? 'pending', p.intent ?? null, p.entry ?? null],
  )!.id;
}

/** A ledger credit in the transaction's org; its id. */
const credit = (key: string, kind = 'purchase') => appendOrgEntry(conn, { kind: kind as 'purchase', credits: 500, idempotencyKey: key, at: 1 }).id;

/** Marks a payment credited by `entry` (the recorder's update). */
const link = (id: number, entry: number, intent: string) =>
  conn.run("UPDATE payments SET status = 'succeeded', ledger_entry_id = $1, payment_intent = $2 WHERE id = $3", [entry, intent, id]);

/** The database's refusal of `fn` (fails the test when there is none). */
function refusal(orgId: number, fn: () => unknown): { code: string | undefined; message: string } {
  try {
    inOrg(orgId, fn);
  } catch (err) {
    if (err instanceof PgError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the database to refuse, it did not');
}

beforeAll(async () => {
  cluster = await postgresForFile();
  conn = SyncConnection.open((await cluster.createDatabase()).url);
  runPgMigrations(conn, SERVER_MIGRATIONS);
  orgA = createOrg(conn, 'Org A', 0);
  orgB = createOrg(conn, 'Org B', 0);
});

afterAll(async () => {
  conn?.close();
  await cluster?.stop();
});

describe("a payment row's own rules (as SQLite's 002 and 006, per org)", () => {
  test.each([
    ['an unknown kind', { kind: 'gift' }, '23514'],
    ['zero credits', { credits: 0 }, '23514'],
    ['an unknown status', { status: 'maybe' }, '23514'],
    ['a request that is not JSON', { request: 'not json' }, '23514'],
    ['an empty idempotency key', { key: '' }, '23514'],
    ['succeeded with no ledger entry', { status: 'succeeded' }, '23514'],
  ])('%s is refused', (_what, row, code) => {
    expect(refusal(orgA, () => payment(row)).code).toBe(code);
  });

  test('an idempotency key, a PaymentIntent and an event id are unique in an org, and free in another', () => {
    inOrg(orgA, () => {
      payment({ key: 'same-key', intent: 'pi_same' });
      conn.run("INSERT INTO stripe_events_applied (id, type, applied_at) VALUES ('evt_same', 'payment_intent.succeeded', 0)");
    });
    expect(refusal(orgA, () => payment({ key: 'same-key' })).code).toBe('23505');
    expect(refusal(orgA, () => payment({ intent: 'pi_same' })).code).toBe('23505');
    expect(refusal(orgA, () => conn.run("INSERT INTO stripe_events_applied (id, type, applied_at) VALUES ('evt_same', 'x', 0)")).code).toBe('23505');
    inOrg(orgB, () => {
      payment({ key: 'same-key', intent: 'pi_same' });
      conn.run("INSERT INTO stripe_events_applied (id, type, applied_at) VALUES ('evt_same', 'payment_intent.succeeded', 0)");
    });
  });

  test('one refill in flight per backend', () => {
    inOrg(orgA, () => payment({ kind: 'refill', request: '{"backend":"acct_1"}' }));
    expect(refusal(orgA, () => payment({ kind: 'refill', request: '{"backend":"acct_1"}' })).code).toBe('23505');
    inOrg(orgA, () => payment({ kind: 'refill', request: '{"backend":"acct_2"}' }));
    inOrg(orgB, () => payment({ kind: 'refill', request: '{"backend":"acct_1"}' }));
  });
});

describe('one credit per payment (migration 009)', () => {
  test('a payment is credited by the purchase or refill entry keyed by its own PaymentIntent', () => {
    inOrg(orgA, () => {
      const p = payment({});
      link(p, credit('payment:pi_own'), 'pi_own');
      const r = payment({ kind: 'refill', request: '{"backend":"acct_9"}' });
      link(r, credit('payment:pi_refill', 'refill'), 'pi_refill');
      // The recorder's replay writes the same link again: allowed.
      link(p, conn.get<{ id: number }>("SELECT id FROM ledger_entries WHERE idempotency_key = 'payment:pi_own'")!.id, 'pi_own');
    });
  });

  test.each([
    ["another payment's credit", () => credit('payment:pi_taken'), 'pi_x1', (e: number) => link(payment({}), e, 'pi_taken')],
    ['a credit keyed for another intent', () => credit('payment:pi_other'), 'pi_x2', null],
    ['an entry that is no payment (an adjustment)', () => credit('payment:pi_adj', 'adjustment'), 'pi_adj', null],
    ['a purchase entry not keyed by a payment', () => credit('buy-by-hand'), 'pi_x3', null],
  ])('a payment linked to %s is refused', (_what, makeEntry, intent, before) => {
    const entry = inOrg(orgA, () => {
      const e = makeEntry();
      before?.(e);
      return e;
    });
    const r = refusal(orgA, () => link(payment({}), entry, intent));
    expect(r.code).toBe('23514');
    expect(r.message).toMatch(/credited by its own PaymentIntent|credit/);
  });

  test('a credited payment keeps its entry and its PaymentIntent', () => {
    const [p, other] = inOrg(orgA, () => {
      const id = payment({});
      link(id, credit('payment:pi_kept'), 'pi_kept');
      return [id, credit('payment:pi_next')];
    });
    expect(refusal(orgA, () => conn.run('UPDATE payments SET ledger_entry_id = $1, payment_intent = $2 WHERE id = $3', [other, 'pi_next', p])).message).toMatch(
      /keeps its ledger entry/,
    );
    expect(refusal(orgA, () => conn.run("UPDATE payments SET payment_intent = 'pi_moved' WHERE id = $1", [p])).message).toMatch(/keeps its PaymentIntent/);
  });

  test("another org's entry cannot credit a payment", () => {
    const entry = inOrg(orgB, () => credit('payment:pi_b'));
    expect(refusal(orgA, () => link(payment({}), entry, 'pi_b')).code).toMatch(/^23/);
  });

  test('a ledger entry debits one refund only', () => {
    inOrg(orgA, () => {
      const e = appendOrgEntry(conn, { kind: 'refund', credits: -100, idempotencyKey: 'refund:re_1', at: 2 }).id;
      conn.run("INSERT INTO payment_refunds (id, payment_intent, credits, debited, ledger_entry_id, at) VALUES ('re_1', 'pi_own', 100, 100, $1, 2)", [e]);
    });
    const e = inOrg(orgA, () => conn.get<{ id: number }>("SELECT id FROM ledger_entries WHERE idempotency_key = 'refund:re_1'")!.id);
    expect(
      refusal(orgA, () =>
        conn.run("INSERT INTO payment_refunds (id, payment_intent, credits, debited, ledger_entry_id, at) VALUES ('re_2', 'pi_own', 100, 100, $1, 3)", [e]),
      ).code,
    ).toBe('23505');
  });
});
