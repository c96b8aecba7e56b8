import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

describe('refunds', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  const paid = (amount = 5000) =>
    h.stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, receipt_email: 'lead@example.com' });

  it('refunds the full amount by default and marks the charge refunded', async () => {
    const pi = await paid();
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, reason: 'requested_by_customer', metadata: { ticket: 'T-1' } });
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 5000,
      status: 'succeeded',
      payment_intent: pi.id,
      charge: pi.latest_charge,
      currency: 'usd',
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
    });
    expect(refund.id).toMatch(/^re_/);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect([charge.amount_refunded, charge.refunded]).toEqual([5000, true]);
    expect(await h.stripe.refunds.retrieve(refund.id)).toEqual(refund);
  });

  it('refunds partially, twice, then refuses anything beyond the remainder', async () => {
    const pi = await paid(5000);
    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 2000 });
    const second = await h.stripe.refunds.create({ charge: pi.latest_charge as string, amount: 1000 });
    expect(second.payment_intent).toBe(pi.id);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect([charge.amount_refunded, charge.refunded]).toEqual([3000, false]);
    const over = await rejection(h.stripe.refunds.create({ payment_intent: pi.id, amount: 2001 }));
    expect(over.type).toBe('StripeInvalidRequestError');
    expect(over.statusCode).toBe(400);
    expect(over.param).toBe('amount');
    expect(over.message).toBe('Refund amount ($20.01) is greater than unrefunded amount on charge ($20.00)');
    const rest = await h.stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(2000);
    const done = await rejection(h.stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(done.code).toBe('charge_already_refunded');
    const listed = await h.stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.amount)).toEqual([2000, 1000, 2000]);
  });

  it('emits refund.created and charge.refunded with the previous amounts', async () => {
    const pi = await paid(1500);
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const events = await h.stripe.events.list({ types: ['refund.created', 'charge.refunded'], limit: 2 });
    expect(events.data.map((e) => e.type)).toEqual(['charge.refunded', 'refund.created']);
    expect((events.data[1]?.data.object as { id: string }).id).toBe(refund.id);
    expect(events.data[0]?.data.object).toMatchObject({ id: pi.latest_charge, amount_refunded: 500 });
    expect(events.data[0]?.data.previous_attributes).toEqual({ amount_refunded: 0 });
  });

  it('refuses refunds of payments that did not succeed, and unknown ids', async () => {
    const open = await h.stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
    const notPaid = await rejection(h.stripe.refunds.create({ payment_intent: open.id }));
    expect([notPaid.statusCode, notPaid.code]).toEqual([400, 'charge_not_refundable']);
    const missing = await rejection(h.stripe.refunds.create({ payment_intent: 'pi_nope' }));
    expect([missing.statusCode, missing.code, missing.param, missing.message]).toEqual([
      400,
      'resource_missing',
      'payment_intent',
      "No such payment_intent: 'pi_nope'",
    ]);
    const neither = await rejection(h.stripe.refunds.create({}));
    expect(neither.message).toContain('payment_intent or charge');
  });
});
