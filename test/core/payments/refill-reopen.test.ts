import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../main/core/clock.js';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { GatewayError, type PaymentGateway } from '../../../main/core/payments/gateway.js';
import { setUserTimeZone } from '../../../main/core/settings/engine-settings.js';
import { bothStores } from '../../support/store-factory.js';
import { type PaymentsFixture, runDeployment, startPaymentsFixture } from './payments-fixture.js';

describe.each(bothStores())('auto-refill comes back when a cap window reopens (SPEC: Auto-refill) ($name)', (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
  });
  afterEach(() => f.stop());

  const refills = () => listEntries(f.engine.db).filter((e) => e.kind === 'refill');

  it('a deployment paused for credits behind the 24 h cap resumes at the instant the window reopens, each day', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '6' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 400, maxPerDay: 1 });
    const id = await runDeployment(f.engine, 'L'); // 600 → 250 → refill → 650
    const first = refills()[0]!.at;
    f.clock.advance(2 * HOUR_MS + 1);
    await f.engine.settle(); // 300: capped; then 300 < 350: paused for credits
    expect(f.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });

    f.clock.advance(2 * DAY_MS + 4 * HOUR_MS);
    await f.engine.settle();
    // Nothing charges while paused: only the reopening brings the refill, at the instant the first refill is 24 h old.
    expect(refills().map((e) => e.at)).toEqual([first, first + DAY_MS, first + 2 * DAY_MS]);
    const resumes = f.engine.deployments
      .events(id)
      .filter((e) => e.reason === 'credits_added')
      .map((e) => e.at);
    expect(resumes).toEqual([first + DAY_MS, first + 2 * DAY_MS]);
  });

  it('the monthly limit reopens at the start of the next local month', async () => {
    f.clock.set(Date.parse('2026-03-31T20:00:00Z'));
    setUserTimeZone(f.engine.settings, 'UTC');
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '6' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 400, maxPerDay: 24, monthlyLimitCredits: 400 });
    const id = await runDeployment(f.engine, 'L'); // 600 → 250 → refill → 650
    f.clock.advance(8 * HOUR_MS + 1); // 300 (capped, monthly), paused at 22:00; the month ends at midnight UTC
    await f.engine.settle();
    expect(refills().map((e) => e.at)).toEqual([Date.parse('2026-03-31T20:00:00Z'), Date.parse('2026-04-01T00:00:00Z')]);
    expect(
      f.engine.deployments
        .events(id)
        .filter((e) => e.reason === 'credits_added')
        .map((e) => e.at),
    ).toEqual([Date.parse('2026-04-01T00:00:00Z')]);
  });

  it('a laptop asleep for a day that refilled three times in its catch-up is not locked out for the next 24 h of real time', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '10' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 500, maxPerDay: 3 });
    await runDeployment(f.engine, 'S'); // 60 credits an hour: a refill of 500 every 8 or 9 hours
    f.clock.advance(26 * HOUR_MS + MINUTE_MS);
    const wake = f.clock.now().getTime();
    await f.engine.settle();
    expect(refills()).toHaveLength(3); // all three processed at the wake-up
    // By ledger dates the first of them leaves the window well before wake + 24 h: refills go on from then.
    expect(refills()[0]!.at + DAY_MS).toBeLessThan(wake + 12 * HOUR_MS);
    for (let h = 0; h < 12; h++) {
      f.clock.advance(HOUR_MS);
      await f.engine.settle();
    }
    expect(refills().length).toBeGreaterThan(3);
    expect(refills()[3]!.at).toBeLessThan(wake + 12 * HOUR_MS);
    expect(f.engine.deployments.listByState('paused')).toEqual([]);
  });

  it('a refill Stripe could not take while a deployment paused for credits is tried again once Stripe answers, not left for a charge that never comes', async () => {
    await f.stop();
    let unreachable = false;
    // Stripe not answering a payment: the refill is skipped (no failure counted) and nothing would try it again.
    f = await startPaymentsFixture({
      store,
      wrap: (g: PaymentGateway) => {
        if (unreachable) throw new GatewayError('unknown', 'connection refused');
        return g;
      },
    });
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '6' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 400, maxPerDay: 24 });
    const id = await runDeployment(f.engine, 'L'); // 600 → 250 → refill → 650
    unreachable = true;
    f.restart(); // the next process: its gateway opens on first use, and cannot
    f.clock.advance(2 * HOUR_MS + 1);
    await f.engine.settle(); // 300: the refill cannot reach Stripe; 300 < 350: paused for credits
    expect(f.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
    expect(refills()).toHaveLength(1);
    unreachable = false;
    f.clock.advance(10 * MINUTE_MS);
    const retryAt = f.clock.now().getTime();
    await f.engine.settle();
    // Dated when it was made (the retry), not back at the first try; the deployment resumes there, and the
    // hour it is charged at once leaves 350 (< 500), which asks for the next refill as any charge does.
    expect(refills().map((e) => e.at)).toEqual([refills()[0]!.at, retryAt, retryAt]);
    expect(f.engine.deployments.get(id).state).toBe('running');
  });

  it('a refill turned off, or a balance back above the threshold, fires nothing at the reopening', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '6' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 400, maxPerDay: 1 });
    await runDeployment(f.engine, 'L');
    f.clock.advance(2 * HOUR_MS + 1);
    await f.engine.settle(); // capped, then paused
    await f.payments.refillOff();
    f.clock.advance(2 * DAY_MS);
    await f.engine.settle();
    expect(refills()).toHaveLength(1);
  });
});
