import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import type { PaymentGateway } from '../../../main/core/payments/gateway.js';
import { bothStores } from '../../support/store-factory.js';
import { type PaymentsFixture, runDeployment, startPaymentsFixture } from './payments-fixture.js';

describe.each(bothStores())('refill race: the balance flaps around the threshold while charges, a purchase and a sync run ($name)', (store) => {
  let f: PaymentsFixture;
  const inFlight = { now: 0, max: 0, refills: 0 };
  beforeEach(async () => {
    inFlight.now = inFlight.max = inFlight.refills = 0;
    const counting = (g: PaymentGateway): PaymentGateway =>
      Object.assign(Object.create(g) as PaymentGateway, {
        async pay(p: Parameters<PaymentGateway['pay']>[0], key: string) {
          if (p.metadata.burnrate_kind !== 'refill') return g.pay(p, key);
          inFlight.now += 1;
          inFlight.refills += 1;
          inFlight.max = Math.max(inFlight.max, inFlight.now);
          try {
            return await g.pay(p, key);
          } finally {
            inFlight.now -= 1;
          }
        },
      });
    f = await startPaymentsFixture({ store, wrap: counting });
  });
  afterEach(() => f.stop());

  it('never has two refills in flight', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '8' });
    await f.payments.setRefill({ thresholdCredits: 700, amountCredits: 400, maxPerDay: 24 });
    await runDeployment(f.engine, 'L');
    await runDeployment(f.engine, 'S');
    f.sandbox.faults.set({ latencyMs: 3 });
    for (let round = 0; round < 12; round++) {
      f.clock.advance(HOUR_MS / 2);
      await Promise.all([f.engine.settle(), f.payments.buy({ usd: '1' }), f.payments.sync(), f.parts.refill.attempt(f.engine.now()), f.engine.settle()]);
      expect(f.parts.store.withStatus(['pending']).filter((p) => p.kind === 'refill').length).toBeLessThanOrEqual(1);
    }
    expect(inFlight.max).toBe(1);
    expect(inFlight.refills).toBeGreaterThan(2);
    const refills = listEntries(f.engine.db).filter((e) => e.kind === 'refill');
    expect(refills).toHaveLength(inFlight.refills);
    expect(new Set(refills.map((e) => e.reference)).size).toBe(refills.length);
  });
});
