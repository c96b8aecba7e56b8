import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';
import { bothStores } from '../../support/store-factory.js';
import { allIntents, type PaymentsFixture, startPaymentsFixture } from './payments-fixture.js';

/**
 * A purchase sent again with the client's request key (its first answer was
 * lost) resumes the same payment: one PaymentIntent, one credit, whatever the
 * first attempt got to.
 */
describe.each(bothStores())('a purchase sent again with its request key ($name)', (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
    await f.payments.addCard('pm_card_visa');
  });
  afterEach(async () => {
    await f.stop();
  });

  const credited = () => listEntries(f.engine.db, { kinds: ['purchase'] }).map((e) => [e.reference, e.credits]);

  it('after it succeeded: the same payment and intent are answered, nothing is paid or credited again', async () => {
    const first = await f.payments.buy({ credits: 1500, requestKey: 'lead-1:buy-0001' });
    const again = await f.payments.buy({ credits: 1500, requestKey: 'lead-1:buy-0001' });
    expect(again).toMatchObject({ status: 'succeeded', payment: first.payment, paymentIntent: first.paymentIntent, credits: 1500, balance: 1500 });
    expect(credited()).toEqual([[first.paymentIntent, 1500]]);
    expect(await allIntents(sandboxStripeClient(f.sandbox))).toHaveLength(1);
  });

  it("after Stripe's answers were lost (pending): the retry learns the outcome under the same Stripe key, credited once", async () => {
    f.sandbox.faults.next('drop', 100, { pathPrefix: '/v1/payment_intents' });
    await expect(f.payments.buy({ credits: 700, requestKey: 'lead-1:buy-0002' })).rejects.toMatchObject({ code: 'payment_pending' });
    f.sandbox.faults.reset();
    const again = await f.payments.buy({ credits: 700, requestKey: 'lead-1:buy-0002' });
    expect(again).toMatchObject({ status: 'succeeded', credits: 700, balance: 700 });
    const intents = await allIntents(sandboxStripeClient(f.sandbox));
    expect(intents.map((pi) => [pi.id, pi.status])).toEqual([[again.paymentIntent, 'succeeded']]);
    expect(credited()).toEqual([[again.paymentIntent, 700]]);
  });

  it('the same key for another amount is refused and pays nothing; another key is another purchase', async () => {
    await f.payments.buy({ credits: 1000, requestKey: 'lead-1:buy-0003' });
    await expect(f.payments.buy({ credits: 2000, requestKey: 'lead-1:buy-0003' })).rejects.toMatchObject({ code: 'request_key_reused' });
    await f.payments.buy({ credits: 1000, requestKey: 'lead-1:buy-0004' });
    expect(credited().map(([, c]) => c)).toEqual([1000, 1000]);
    expect(await allIntents(sandboxStripeClient(f.sandbox))).toHaveLength(2);
  });

  it('days later, after Stripe forgot the idempotency key: the known intent is looked up, never paid again', async () => {
    await f.stop();
    let forgotten = false;
    // Stripe keeps idempotency keys for about a day: a gateway that has forgotten them answers a new key.
    f = await startPaymentsFixture({
      store,
      wrap: (g) =>
        new Proxy(g, {
          get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver) as unknown;
            if (prop === 'pay')
              return (params: unknown, key: string) => (v as (p: unknown, k: string) => unknown).call(target, params, forgotten ? `${key}-forgotten` : key);
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        }),
    });
    await f.payments.addCard('pm_card_visa');
    const first = await f.payments.buy({ credits: 1500, requestKey: 'lead-1:buy-0005' });
    forgotten = true;
    const again = await f.payments.buy({ credits: 1500, requestKey: 'lead-1:buy-0005' });
    expect(again).toMatchObject({ status: 'succeeded', payment: first.payment, paymentIntent: first.paymentIntent, balance: 1500 });
    expect(credited()).toEqual([[first.paymentIntent, 1500]]);
    expect(await allIntents(sandboxStripeClient(f.sandbox))).toHaveLength(1);
  });

  it('the same key sent twice at once: one payment and one credit, and neither answer is a raw database error', async () => {
    const [a, b] = await Promise.allSettled([
      f.payments.buy({ credits: 900, requestKey: 'lead-1:buy-0006' }),
      f.payments.buy({ credits: 900, requestKey: 'lead-1:buy-0006' }),
    ]);
    for (const r of [a, b]) {
      if (r.status === 'fulfilled') expect(r.value).toMatchObject({ status: 'succeeded', credits: 900 });
      else expect(r.reason).toMatchObject({ code: 'payment_pending' });
    }
    expect([a, b].some((r) => r.status === 'fulfilled')).toBe(true);
    await f.payments.sync();
    expect(credited().map(([, c]) => c)).toEqual([900]);
    expect(await allIntents(sandboxStripeClient(f.sandbox))).toHaveLength(1);
  });
});
