import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { bothStores } from '../../support/store-factory.js';
import { allIntents, type PaymentsFixture, startPaymentsFixture } from './payments-fixture.js';

/** Refills in the test; `npm run payments-stress` runs 1,000 (env BURNRATE_STRESS_REFILLS). */
const REFILLS = Number(process.env.BURNRATE_STRESS_REFILLS ?? 40);

describe.each(bothStores())(`${REFILLS} refills with 0–50 % of Stripe's answers dropped after it acted ($name)`, (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store, sdkRetries: 0 });
  });
  afterEach(() => f.stop());

  it(
    'makes exactly one PaymentIntent per refill and credits each success once',
    async () => {
      await f.payments.addCard('pm_card_visa');
      await f.payments.setRefill({ thresholdCredits: 100_000_000, amountCredits: 100, maxPerDay: 24 });
      f.sandbox.faults.seed(7);
      // Counted, not read from the last id: on PostgreSQL ids are shared by every org of the database.
      const made = () => f.parts.store.list(1000).length;
      for (let i = 0; made() < REFILLS; i++) {
        f.sandbox.faults.set({ dropRate: (i % 6) / 10 });
        f.clock.advance(HOUR_MS);
        if (f.parts.store.refillInFlight(f.payments.backend())) await f.payments.resolvePending().catch(() => null);
        f.parts.refill.arm();
        await f.parts.refill.attempt(f.engine.now());
      }
      const dropped = f.sandbox.faults.injected.drop;
      f.sandbox.faults.reset();
      while (f.parts.store.refillInFlight(f.payments.backend())) await f.payments.resolvePending();

      const rows = f.parts.store.list(1000).filter((p) => p.kind === 'refill');
      const intents = (await allIntents(f.stripe)).filter((pi) => pi.metadata.burnrate_kind === 'refill');
      expect(rows.length).toBeGreaterThanOrEqual(REFILLS);
      // One PaymentIntent per refill: keys are unique across intents and each matches a refill row.
      expect(intents).toHaveLength(rows.length);
      expect(new Set(intents.map((pi) => pi.metadata.burnrate_key)).size).toBe(rows.length);
      expect(new Set(rows.map((p) => p.paymentIntent)).size).toBe(rows.length);
      // One credit per succeeded intent, and the balance is their sum.
      const succeeded = intents.filter((pi) => pi.status === 'succeeded');
      const credits = listEntries(f.engine.db).filter((e) => e.kind === 'refill');
      expect(credits.map((e) => e.reference).sort()).toEqual(succeeded.map((pi) => pi.id).sort());
      expect(f.engine.ledger.balance()).toBe(succeeded.length * 100);
      expect(dropped).toBeGreaterThan(REFILLS / 10);
    },
    300_000 + REFILLS * 1000,
  );
});
