import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heldCatchUp } from '../../../main/core/billing/catch-up-guard.js';
import { DAY_MS, HOUR_MS, SimulatedClock } from '../../../main/core/clock.js';
import { isRefused } from '../../../main/core/errors.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { grantCredits, spec, T0 } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

const charges = (s: Services) => s.engine.db.prepare("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'charge'").pluck().get() as number;
const catchUpAlerts = (s: Services) => s.alerts.list({ kinds: ['catch_up_confirm'] });

describe.each(bothStores())('a catch-up longer than 90 days charges nothing until a person confirms it (SPEC: Clock) on $name', (store) => {
  let s: Services;
  let clock: SimulatedClock;
  let dep: number;
  beforeEach(async () => {
    clock = new SimulatedClock(T0);
    s = await openServices({ dataDir: ':memory:', clock, store: store.open() });
    await grantCredits(s.engine, 2_000_000);
    const d = await s.engine.createDeployment(spec()); // GPU S, 60 credits an hour
    await s.engine.startDeployment(d.id);
    dep = d.id;
  });
  afterEach(() => s.close());

  // The gap runs from the earliest hour still due (the second, at 10:00) to the clock.
  const NEXT = T0 + HOUR_MS;

  // 'Exactly 90 days' charges 2,160 hours in one settle: on PostgreSQL each is several round trips
  // (over 20 s, the file's slowest case), so that boundary runs on SQLite; the guard is the core's,
  // the same on both stores, and PostgreSQL's long catch-ups are the store soak's 72-hour gaps
  // (test/reliability/soak-stores.test.ts) and the shorter gap below.
  const cases: [string, number, boolean][] = [
    ...(store.name === 'sqlite' ? [['exactly 90 days: settled as usual', 90 * DAY_MS, false] as [string, number, boolean]] : []),
    ['ten days: settled as usual', 10 * DAY_MS, false],
    ['90 days and a millisecond: held', 90 * DAY_MS + 1, true],
    ['a year (a clock that jumped): held', 365 * DAY_MS, true],
  ];
  it.each(cases)('%s', async (_label, gap, held) => {
    clock.set(NEXT + gap);
    const report = await s.engine.settle();
    expect(report.catchUpHeld !== null).toBe(held);
    // Held: only the first hour, charged at the start. Settled: every hour that began before the clock.
    expect(charges(s)).toBe(held ? 1 : 1 + gap / HOUR_MS);
    expect(catchUpAlerts(s)).toHaveLength(held ? 1 : 0);
  });

  it('the alert says how long the gap is and what it would cost, once; actions are refused and change nothing', async () => {
    clock.set(NEXT + 120 * DAY_MS);
    await s.engine.settle();
    await s.engine.settle();
    const [alert] = catchUpAlerts(s);
    expect(catchUpAlerts(s)).toHaveLength(1);
    // 120 days of hours after the first one, each 60 credits.
    expect(alert!.data).toMatchObject({ days: 120, estimatedCredits: 120 * 24 * 60 });
    expect(alert!.message).toContain('120 days');
    expect(alert!.message).toContain('172,800 credits ($1,728.00)');
    expect(alert!.actions).toEqual([{ label: 'Confirm catch-up', target: 'confirm-catch-up' }]);
    const before = s.engine.ledger.balance();
    const refusal = await s.engine.pauseDeployment(dep).catch((e: unknown) => e);
    expect(isRefused(refusal) && refusal.code).toBe('catch_up_unconfirmed');
    expect(s.engine.deployments.get(dep).state).toBe('running');
    expect(s.engine.ledger.balance()).toBe(before);
  });

  // A confirmed catch-up charges 120 days (2,880 hours) at once, so these two run on SQLite only,
  // for the reason 'exactly 90 days' does above.
  if (store.name === 'sqlite') {
    it('confirming charges every hour up to now, answers the alert, and the next long jump asks again', async () => {
      clock.set(NEXT + 120 * DAY_MS);
      await s.engine.settle();
      const { confirmed, report } = await s.engine.confirmCatchUp();
      expect(confirmed?.days).toBe(120);
      expect(report.charged).toHaveLength(120 * 24);
      expect(charges(s)).toBe(1 + 120 * 24);
      expect(catchUpAlerts(s)[0]!.read).toBe(true);
      clock.advance(DAY_MS);
      expect((await s.engine.settle()).charged).toHaveLength(24);
      clock.advance(100 * DAY_MS);
      expect((await s.engine.settle()).catchUpHeld?.days).toBe(100);
    });

    it('a confirmation covers the catch-up it was given for even if it stops half-way (a crash): no second question', async () => {
      clock.set(NEXT + 120 * DAY_MS);
      const to = clock.now().getTime();
      await s.engine.confirmCatchUp();
      const { settings, deployments, catalog } = s.engine;
      // As if the pass had stopped after 10 days: 110 days still due, all of them before the confirmed reading.
      expect(heldCatchUp(to - 110 * DAY_MS, to, settings, deployments, catalog)).toBeNull();
      // Another 91 days on, the part nobody confirmed is over 90 days again.
      expect(heldCatchUp(to - 110 * DAY_MS, to + 91 * DAY_MS, settings, deployments, catalog)?.days).toBe(201);
    });
  }

  it('nothing running: no gap to confirm, whatever the clock says', async () => {
    await s.engine.pauseDeployment(dep);
    clock.advance(400 * DAY_MS);
    expect((await s.engine.settle()).catchUpHeld).toBeNull();
  });
});
