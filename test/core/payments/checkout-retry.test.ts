import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bothStores } from '../../support/store-factory.js';
import { startPaymentsFixture, type PaymentsFixture } from './payments-fixture.js';

describe.each(bothStores())('a browser Checkout fails only when its session expires, not on a declined try the page lets the user retry ($name)', (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
  });
  afterEach(() => f.stop());

  it('a declined try seen by sync (payment_intent.payment_failed) leaves the purchase open; the retry with another card credits it', async () => {
    const r = await f.payments.checkout({ pack: '10' });
    await f.sandbox.completeCheckout(r.sessionId, 'pm_card_visa_chargeDeclined').catch(() => undefined);
    const after = await f.payments.sync();
    expect(after.eventsApplied).toBeGreaterThan(0);
    expect(after.failed).toEqual([]);
    expect(await f.payments.checkoutStatus(r.sessionId)).toMatchObject({ status: 'open', credits: 1000, balance: 0 });

    await f.sandbox.completeCheckout(r.sessionId, 'pm_card_visa');
    expect(await f.payments.checkoutStatus(r.sessionId)).toMatchObject({ status: 'complete', balance: 1000 });
    await f.payments.sync();
    expect(f.engine.ledger.balance()).toBe(1000);
  });

  it('the session expiring (its intent canceled) is what ends it: expired, nothing added', async () => {
    const r = await f.payments.checkout({ pack: '5' });
    await f.sandbox.completeCheckout(r.sessionId, 'pm_card_visa_chargeDeclinedInsufficientFunds').catch(() => undefined);
    await f.payments.sync();
    f.clock.advance(24 * 3600 * 1000);
    await f.payments.sync();
    expect(await f.payments.checkoutStatus(r.sessionId)).toMatchObject({ status: 'expired', balance: 0 });
  });
});
