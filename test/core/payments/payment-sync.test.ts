import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import type { PaymentGateway } from '../../../main/core/payments/gateway.js';
import type { PaymentNotice } from '../../../main/core/payments/notices.js';
import { bothStores } from '../../support/store-factory.js';
import { type PaymentsFixture, runDeployment, startPaymentsFixture } from './payments-fixture.js';

/** A feed that hands out every event twice, in a shuffled order (seeded), whatever the cursor. */
function replayingFeed(g: PaymentGateway): PaymentGateway {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Object.assign(Object.create(g) as PaymentGateway, {
    async eventsSince() {
      const all = await g.eventsSince(null);
      const twice = [...all, ...all];
      for (let i = twice.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [twice[i], twice[j]] = [twice[j]!, twice[i]!];
      }
      return twice;
    },
  });
}

/**
 * A server whose clock stepped back: events of the intents named in `late`
 * are stamped `skewS` seconds before they happened, so they sort before
 * events the app already saw. The feed still honours `since`, as Stripe's would.
 */
function skewedFeed(g: PaymentGateway, late: Set<string>, skewS: number): PaymentGateway {
  return Object.assign(Object.create(g) as PaymentGateway, {
    async eventsSince(since: number | null) {
      const all = (await g.eventsSince(null)).map((e) => {
        const pi = e.type === 'refund' ? e.refund.paymentIntent : e.type === 'payment_intent' ? e.intent.id : null;
        return pi && late.has(pi) && e.eventType.startsWith('refund.') ? { ...e, created: e.created - skewS } : e;
      });
      return all.filter((e) => since === null || e.created >= since).sort((a, b) => a.created - b.created);
    },
  });
}

describe.each(bothStores())('sync: purchases completed elsewhere and support refunds, applied once ($name)', (store) => {
  let f: PaymentsFixture;
  afterEach(() => f.stop());

  it('credits a Checkout purchase once whether polling or events report it', async () => {
    f = await startPaymentsFixture({ store });
    const c = await f.payments.checkout({ pack: '20' });
    expect(c.url).toContain(c.sessionId);
    expect(f.engine.ledger.balance()).toBe(0);
    await f.sandbox.completeCheckout(c.sessionId, 'pm_card_mastercard');
    const first = await f.payments.sync();
    const second = await f.payments.sync();
    expect(first.credited).toEqual([expect.objectContaining({ credits: 2000, via: 'checkout' })]);
    expect(second.credited).toEqual([]);
    expect(listEntries(f.engine.db).map((e) => [e.kind, e.credits])).toEqual([['purchase', 2000]]);
    const pi = listEntries(f.engine.db)[0]!.reference!;
    expect(f.payments.receipt(pi)).toMatchObject({ kind: 'checkout', cardBrand: 'mastercard', cardLast4: '4444' });
  });

  it('a Checkout returns to the sandbox\'s own "Payment received" page, and its status is asked for until it is paid', async () => {
    f = await startPaymentsFixture({ store });
    const c = await f.payments.checkout({ pack: '5' });
    const session = await f.stripe.checkout.sessions.retrieve(c.sessionId);
    expect(session.success_url).toBe(`${f.sandbox.url}/checkout/return?outcome=success&session_id={CHECKOUT_SESSION_ID}`);
    expect(session.cancel_url).toBe(`${f.sandbox.url}/checkout/return?outcome=cancel`);
    expect(await f.payments.checkoutStatus(c.sessionId)).toMatchObject({ status: 'open', balance: 0 });
    await f.sandbox.completeCheckout(c.sessionId);
    const paid = await f.payments.checkoutStatus(c.sessionId);
    expect(paid).toMatchObject({ status: 'complete', credits: 500, balance: 500, paymentIntent: expect.stringMatching(/^pi_/) });
    expect(await f.payments.checkoutStatus(c.sessionId)).toEqual(paid);
    expect((await f.payments.sync()).credited).toEqual([]);
    await expect(f.payments.checkoutStatus('cs_test_a1unknown')).rejects.toMatchObject({ code: 'unknown_checkout' });
  });

  it('applies events replayed twice and out of order once: a purchase made elsewhere, a Checkout, a refund', async () => {
    f = await startPaymentsFixture({ store, wrap: replayingFeed });
    const card = await f.payments.addCard('pm_card_visa');
    const bought = await f.payments.buy({ pack: '10' });
    const c = await f.payments.checkout({ usd: '20' });
    await f.sandbox.completeCheckout(c.sessionId);
    // Paid from another device on the same account: not known locally until sync.
    const customer = f.payments.account().customer!;
    const elsewhere = await f.stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      customer,
      payment_method: card.id,
      confirm: true,
      off_session: true,
      metadata: { app: 'burnrate', burnrate_kind: 'purchase' },
    });
    // Someone else's payment on the account is not ours to credit.
    await f.stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await f.stripe.refunds.create({ payment_intent: bought.paymentIntent!, amount: 500 });

    for (let i = 0; i < 3; i++) await f.payments.sync();
    const rows = listEntries(f.engine.db).map((e) => [e.kind, e.credits, e.reference]);
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['purchase', 1000, bought.paymentIntent],
        ['purchase', 2000, expect.stringMatching(/^pi_/)],
        ['purchase', 700, elsewhere.id],
        ['refund', -500, expect.stringMatching(/^re_/)],
      ]),
    );
    expect(f.engine.ledger.balance()).toBe(3200);
  });

  it('a refund larger than the balance debits what is left and raises a reconciliation notice', async () => {
    f = await startPaymentsFixture({ store });
    const notices: PaymentNotice[] = [];
    f.payments.onNotice((n) => notices.push(n));
    await f.payments.addCard('pm_card_visa');
    const bought = await f.payments.buy({ pack: '10' });
    await runDeployment(f.engine, 'L');
    f.clock.advance(HOUR_MS + 1);
    await f.engine.settle(); // 1000 → 650 → 300
    await f.stripe.refunds.create({ payment_intent: bought.paymentIntent! });
    const r = await f.payments.sync();
    expect(r.refunds).toEqual([expect.objectContaining({ credits: 1000, debited: 300 })]);
    expect(f.engine.ledger.balance()).toBe(0);
    expect(notices.map((n) => [n.kind, n.data.shortfall])).toEqual([['reconciliation', 700]]);
    expect((await f.payments.sync()).refunds).toEqual([]);
    expect(f.payments.receipt(bought.paymentIntent!).refundedCredits).toBe(1000);
  });

  it.each([
    ['a second', 1],
    ['a minute', 60],
    ['nine minutes (inside the ten-minute overlap)', 9 * 60],
  ])('an event stamped %s before the newest one seen is still applied, once', async (_what, skewS) => {
    const late = new Set<string>();
    f = await startPaymentsFixture({ store, wrap: (g) => skewedFeed(g, late, skewS) });
    await f.payments.addCard('pm_card_visa');
    const bought = await f.payments.buy({ pack: '10' });
    f.clock.advance(HOUR_MS);
    await f.payments.buy({ pack: '5' }); // newer events: the cursor moves past them
    await f.payments.sync();
    late.add(bought.paymentIntent!);
    await f.stripe.refunds.create({ payment_intent: bought.paymentIntent!, amount: 300 });
    const first = await f.payments.sync();
    const second = await f.payments.sync();
    expect(first.refunds.map((r) => r.credits)).toEqual([300]);
    expect(second.refunds).toEqual([]);
    expect(
      listEntries(f.engine.db)
        .filter((e) => e.kind === 'refund')
        .map((e) => e.credits),
    ).toEqual([-300]);
  });
});
