import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, SimulatedClock } from '../../main/core/clock.js';
import { Engine } from '../../main/core/engine.js';
import { checkInvariants } from './invariants.js';

const T0 = Date.UTC(2026, 4, 4, 9, 0);
let engine: Engine | null = null;
afterEach(() => engine?.close());

/** A healthy run: a deployment charged 3 hours, then paused. */
async function healthy(): Promise<{ e: Engine; now: number; id: number }> {
  const clock = new SimulatedClock(T0);
  const e = Engine.open({ dataDir: ':memory:', clock });
  engine = e;
  await e.createCoupon({ code: 'C', credits: 10_000 });
  await e.redeemCoupon('C');
  const d = await e.createDeployment({ name: 'x', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' });
  await e.startDeployment(d.id);
  clock.advance(2 * HOUR_MS + 30 * MINUTE_MS);
  await e.pauseDeployment(d.id);
  return { e, now: clock.now().getTime(), id: d.id };
}

const rawCharge = (e: Engine, id: number, hour: number) => {
  const bal = e.ledger.balance();
  e.db
    .prepare("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, deployment_id, hour_start, at) VALUES ('charge', -60, ?, ?, ?, ?, ?)")
    .run(bal - 60, `forged:${hour}`, id, hour, hour);
};

// The checker must see each kind of break, or the harnesses prove nothing.
describe('invariant checks', () => {
  it('pass on a healthy run', async () => {
    const { e, now } = await healthy();
    expect(checkInvariants(e.db, { settledTo: now })).toEqual([]);
  });

  it('1: a balance that is not the running sum', async () => {
    const { e, now } = await healthy();
    e.db.exec('DROP TRIGGER ledger_balance_chain');
    e.db.prepare("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at) VALUES ('coupon', 5, 1, 'bad', ?)").run(now);
    expect(checkInvariants(e.db, { settledTo: now }).join()).toMatch(/^1\. entry \d+: balance_after 1/);
  });

  it('1: an entry dated before the one written before it (the clock never went back)', async () => {
    const { e, now } = await healthy();
    e.db
      .prepare("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at) VALUES ('coupon', 5, ?, 'early', ?)")
      .run(e.ledger.balance() + 5, T0 - HOUR_MS);
    expect(checkInvariants(e.db, { settledTo: now }).join()).toMatch(/^1\. entry \d+ \(coupon\) is dated 2026-05-04T08:00:00.000Z, before entry/);
    expect(checkInvariants(e.db, { settledTo: now, clockWentBack: true, highWater: now })).toEqual([]);
  });

  it('2: an hour charged while paused', async () => {
    const { e, now, id } = await healthy();
    rawCharge(e, id, T0 + 5 * HOUR_MS);
    expect(checkInvariants(e.db, { settledTo: now }).join()).toMatch(/charged for the hour from 2026-05-04T14:00:00.000Z when it was not running/);
  });

  it('2: an hour it ran but was not charged', async () => {
    const { e, id } = await healthy();
    e.db
      .prepare("INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES (?, ?, 'paused', 'running', 'user')")
      .run(id, T0 + 10 * HOUR_MS);
    expect(checkInvariants(e.db, { settledTo: T0 + 10 * HOUR_MS + 1 }).join()).toMatch(/ran in the hour from 2026-05-04T19:00:00.000Z but it was not charged/);
  });

  it('2: the same hour charged twice', async () => {
    const { e, now, id } = await healthy();
    e.db.exec('DROP INDEX ledger_one_charge_per_hour');
    rawCharge(e, id, T0 + HOUR_MS);
    expect(checkInvariants(e.db, { settledTo: now }).join()).toMatch(/charged twice/);
  });

  it('3: a credit entry with no payment behind it, and two refills in flight', async () => {
    const { e, now } = await healthy();
    e.db
      .prepare("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, reference, at) VALUES ('purchase', 500, ?, 'p', 'pi_ghost', ?)")
      .run(e.ledger.balance() + 500, now);
    e.db.exec('DROP INDEX payments_one_refill_in_flight');
    for (const k of ['a', 'b']) {
      e.db
        .prepare(
          "INSERT INTO payments (idempotency_key, kind, credits, request, status, created_at, updated_at) VALUES (?, 'refill', 500, '{}', 'pending', 0, 0)",
        )
        .run(k);
    }
    const v = checkInvariants(e.db, { settledTo: now }).join('\n');
    expect(v).toMatch(/pi_ghost/);
    expect(v).toMatch(/2 refills in flight/);
  });

  it('4: a low-balance crossing with no alert', async () => {
    const { e, now } = await healthy();
    expect(checkInvariants(e.db, { settledTo: now, lowBalanceThresholds: [9_900] }).join()).toMatch(/below 9900 with no alert/);
  });
});
