import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { T0, grantCredits, memoryEngine, spec } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

function rawInsert(engine: ReturnType<typeof memoryEngine>['engine'], row: Record<string, unknown>) {
  return engine.db
    .prepare(
      `INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, reference, deployment_id, hour_start, at)
              VALUES (@kind, @credits, @balance_after, @key, NULL, @deployment_id, @hour_start, @at)`,
    )
    .run({ deployment_id: null, hour_start: null, at: T0, ...row });
}

describe.each(bothStores())('the ledger database enforces SPEC.md money rules on $name', (store) => {
  it.each([
    ['an UPDATE of an entry', 'UPDATE ledger_entries SET credits = 1'],
    ['a DELETE of an entry', 'DELETE FROM ledger_entries'],
  ])('%s is rejected: entries are append-only', async (_what, sql) => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 500);
    expect(() => engine.db.exec(sql)).toThrow(/append-only/);
    expect(engine.ledger.balance()).toBe(500);
  });

  it.each([
    { why: 'balance_after that does not continue the chain', row: { kind: 'purchase', credits: 100, balance_after: 999, key: 'a' }, error: /previous balance/ },
    { why: 'a balance below zero', row: { kind: 'adjustment', credits: -600, balance_after: -100, key: 'b' }, error: /CHECK/ },
    { why: 'a purchase with negative credits', row: { kind: 'purchase', credits: -5, balance_after: 495, key: 'c' }, error: /CHECK/ },
    {
      why: 'a charge with positive credits',
      row: { kind: 'charge', credits: 5, balance_after: 505, key: 'd', deployment_id: 1, hour_start: T0 },
      error: /CHECK/,
    },
    { why: 'a charge without an hour', row: { kind: 'charge', credits: -5, balance_after: 495, key: 'e', deployment_id: 1 }, error: /CHECK/ },
    { why: 'a zero-credit entry', row: { kind: 'adjustment', credits: 0, balance_after: 500, key: 'f' }, error: /CHECK/ },
    { why: 'an unknown kind', row: { kind: 'gift', credits: 5, balance_after: 505, key: 'g' }, error: /CHECK/ },
    {
      why: 'a fractional credit amount (STRICT tables)',
      row: { kind: 'purchase', credits: 1.5, balance_after: 501.5, key: 'h' },
      error: /cannot store REAL|datatype mismatch/,
    },
    { why: 'a reused idempotency key', row: { kind: 'purchase', credits: 5, balance_after: 505, key: 'dup' }, error: /UNIQUE/ },
  ])('rejects $why', async ({ row, error }) => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 500);
    const d = await engine.createDeployment(spec());
    rawInsert(engine, { kind: 'adjustment', credits: 1, balance_after: 501, key: 'dup' });
    rawInsert(engine, { kind: 'adjustment', credits: -1, balance_after: 500, key: 'dup2' });
    // The table's deployment 1 is the one just made (ids are shared by every org on the server's store).
    expect(() => rawInsert(engine, 'deployment_id' in row ? { ...row, deployment_id: d.id } : row)).toThrow(error);
    expect(engine.ledger.balance()).toBe(500);
  });

  it('refuses in code, before the database, a debit larger than the balance', async () => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 50);
    expect(() => engine.ledger.append({ kind: 'adjustment', credits: -51, idempotencyKey: 'x', at: T0 })).toThrow(RefusedError);
  });

  it.each([0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses %s credits in code', (credits) => {
    const { engine } = memoryEngine(T0, store);
    expect(() => engine.ledger.append({ kind: 'adjustment', credits, idempotencyKey: 'x', at: T0 })).toThrow(RefusedError);
  });

  it('appendOnce records an idempotency key once and returns the stored entry after', async () => {
    const { engine } = memoryEngine(T0, store);
    const entry = { kind: 'purchase' as const, credits: 500, idempotencyKey: 'payment:pi_1', reference: 'pi_1', at: T0 };
    const first = engine.ledger.appendOnce(entry);
    const second = engine.ledger.appendOnce(entry);
    expect(first.created).toBe(true);
    expect(second).toEqual({ entry: first.entry, created: false });
    expect(engine.ledger.balance()).toBe(500);
  });

  it('balance = sum of entries = the last balance_after', async () => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 700);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    const { sum, last } = engine.db
      .prepare('SELECT SUM(credits) AS sum, (SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1) AS last FROM ledger_entries')
      .get() as { sum: number; last: number };
    expect(engine.ledger.balance()).toBe(640);
    expect(sum).toBe(640);
    expect(last).toBe(640);
  });

  it('deployment state changes are recorded with time and reason, and the history is append-only', async () => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 500);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    await engine.pauseDeployment(d.id);
    expect(engine.deployments.events(d.id).map((e) => [e.fromState, e.toState, e.reason, e.at])).toEqual([
      ['created', 'running', 'user', T0],
      ['running', 'paused', 'user', T0],
    ]);
    expect(() => engine.db.exec('DELETE FROM deployment_events')).toThrow(/append-only/);
  });

  it.each([
    ['created', 'paused'],
    ['stopped', 'running'],
  ])('the database refuses the transition %s → %s', async (from, to) => {
    const { engine } = memoryEngine(T0, store);
    const d = await engine.createDeployment(spec());
    if (from === 'stopped') await engine.stopDeployment(d.id);
    expect(() =>
      engine.db.prepare("UPDATE deployments SET state = ?, paused_reason = CASE WHEN ? = 'paused' THEN 'user' END WHERE id = ?").run(to, to, d.id),
    ).toThrow(/transition|stopped/);
    expect(engine.deployments.get(d.id).state).toBe(from);
  });
});
