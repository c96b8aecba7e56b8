import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { raw, rejection, startHarness, type Harness } from './support.js';

describe('payment intents', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('creates a confirmed payment shaped like Stripe, with a charge carrying the receipt email', async () => {
    const customer = await h.stripe.customers.create({ email: 'lead@example.com' });
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const pi = await h.stripe.paymentIntents.create(
      {
        amount: 5000,
        currency: 'usd',
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        receipt_email: 'lead@example.com',
        description: '5,000 credits',
        metadata: { purchase_id: 'p-1' },
      },
      { idempotencyKey: 'purchase-p-1' },
    );
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 5000,
      amount_received: 5000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      receipt_email: 'lead@example.com',
      description: '5,000 credits',
      metadata: { purchase_id: 'p-1' },
      livemode: false,
      created: h.clock.unix,
      last_payment_error: null,
      next_action: null,
    });
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      paid: true,
      amount: 5000,
      amount_captured: 5000,
      receipt_email: 'lead@example.com',
      payment_intent: pi.id,
      customer: customer.id,
      metadata: { purchase_id: 'p-1' },
      refunded: false,
    });
    expect(charge.receipt_url).toBe(`${h.handle.url}/receipts/${charge.id}`);
    const receipt = await fetch(charge.receipt_url as string);
    expect(await receipt.text()).toContain('$50.00');
  });

  it('expands latest_charge and customer on request', async () => {
    const customer = await h.stripe.customers.create({ name: 'Ada' });
    const pi = await h.stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true }, {});
    const expanded = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'customer'] });
    expect((expanded.latest_charge as { object: string; amount: number }).object).toBe('charge');
    expect((expanded.customer as { name: string }).name).toBe('Ada');
    const bad = await rejection(h.stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] }));
    expect(bad.param).toBe('expand');
  });

  it('expands inside lists (data.latest_charge)', async () => {
    await h.stripe.paymentIntents.create({ amount: 800, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const page = await h.stripe.paymentIntents.list({ expand: ['data.latest_charge'] });
    expect((page.data[0]?.latest_charge as { object: string; amount: number }).amount).toBe(800);
  });

  it('serves a 3-D Secure page whose form completes the challenge and returns to return_url', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      return_url: 'https://burnrate.local/3ds',
    });
    const url = pi.next_action?.redirect_to_url?.url as string;
    expect(await (await fetch(url)).text()).toContain('Complete authentication');
    const res = await fetch(url, {
      method: 'POST',
      body: 'outcome=succeed',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    // As Stripe does, the return URL learns which intent came back and how.
    expect(res.headers.get('location')).toBe(
      `https://burnrate.local/3ds?payment_intent=${pi.id}&payment_intent_client_secret=${pi.client_secret}&redirect_status=succeeded`,
    );
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const crossSite = await fetch(url, {
      method: 'POST',
      body: 'outcome=fail',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('goes requires_payment_method → requires_confirmation → succeeded through separate calls', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(pi.status).toBe('requires_payment_method');
    const noPm = await rejection(h.stripe.paymentIntents.confirm(pi.id));
    expect([noPm.statusCode, noPm.param]).toEqual([400, 'payment_method']);
    const withPm = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_debit' });
    expect(withPm.status).toBe('requires_confirmation');
    const confirmed = await h.stripe.paymentIntents.confirm(withPm.id);
    expect(confirmed.status).toBe('succeeded');
    const twice = await rejection(h.stripe.paymentIntents.confirm(withPm.id));
    expect(twice.code).toBe('payment_intent_unexpected_state');
  });

  it('retries a declined intent with another card', async () => {
    const err = await rejection(h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeCustomerFail', confirm: true }));
    const id = err.payment_intent?.id as string;
    expect(err.payment_intent?.payment_method).toBeNull();
    const ok = await h.stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_mastercard' });
    expect(ok.status).toBe('succeeded');
    const charges = await h.stripe.charges.list({ payment_intent: id });
    expect(charges.data.map((c) => c.status)).toEqual(['succeeded', 'failed']);
    const failed = await h.stripe.events.list({ type: 'payment_intent.payment_failed' });
    expect((failed.data[0]?.data.object as { id: string }).id).toBe(id);
  });

  it('3-D Secure on-session: requires_action, then passing the challenge pays, failing it does not', async () => {
    const pass = await h.stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      return_url: 'https://burnrate.local/back',
    });
    expect(pass.status).toBe('requires_action');
    expect(pass.next_action?.redirect_to_url?.return_url).toBe('https://burnrate.local/back');
    const paid = await h.handle.authenticatePaymentIntent(pass.id);
    expect(paid.status).toBe('succeeded');
    expect(paid.next_action).toBeNull();

    const fail = await h.stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true });
    const res = await raw(h, 'POST', `/v1/test_helpers/payment_intents/${fail.id}/authenticate`, { body: 'outcome=fail' });
    expect(res.json).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure' } });
    const page = await fetch(`${h.handle.url}/authenticate/${fail.id}`);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('not waiting for authentication');
  });

  it('saves the card to the customer when setup_future_usage is set', async () => {
    const customer = await h.stripe.customers.create({});
    await h.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_amex',
      confirm: true,
      setup_future_usage: 'off_session',
    });
    const saved = await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(saved.data.map((p) => p.card?.brand)).toEqual(['amex']);
  });

  it('refuses a payment method that belongs to another customer', async () => {
    const a = await h.stripe.customers.create({});
    const b = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    const err = await rejection(
      h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: b.id, payment_method: pm.id, confirm: true, off_session: true }),
    );
    expect([err.statusCode, err.param]).toEqual([400, 'payment_method']);
    const offNoConfirm = await rejection(h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', off_session: true }));
    expect(offNoConfirm.param).toBe('off_session');
  });

  it('cancels open intents only', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const canceled = await h.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', canceled_at: h.clock.unix });
    const paid = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const err = await rejection(h.stripe.paymentIntents.cancel(paid.id));
    expect(err.code).toBe('payment_intent_unexpected_state');
    expect((await rejection(h.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }))).statusCode).toBe(400);
  });

  it('updates metadata, description and receipt_email', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { a: '1', b: '2' } });
    const next = await h.stripe.paymentIntents.update(pi.id, { metadata: { a: '', c: '3' }, description: 'refill', receipt_email: 'x@example.com' });
    expect(next).toMatchObject({ metadata: { b: '2', c: '3' }, description: 'refill', receipt_email: 'x@example.com' });
  });

  it('lists by customer and created range, newest first, with cursors', async () => {
    const customer = await h.stripe.customers.create({});
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await h.stripe.paymentIntents.create({ amount: 100 + i, currency: 'usd', customer: customer.id })).id);
      h.clock.advance(10);
    }
    await h.stripe.paymentIntents.create({ amount: 999, currency: 'usd' });
    const mine = await h.stripe.paymentIntents.list({ customer: customer.id, limit: 3 });
    expect(mine.data.map((p) => p.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(mine.has_more).toBe(true);
    const rest = await h.stripe.paymentIntents.list({ customer: customer.id, limit: 3, starting_after: ids[2] });
    expect(rest.data.map((p) => p.id)).toEqual([ids[1], ids[0]]);
    expect(rest.has_more).toBe(false);
    const t0 = h.clock.unix - 50; // when the first of the five was created
    const ranged = await h.stripe.paymentIntents.list({ customer: customer.id, created: { gte: t0 + 10, lt: t0 + 30 } });
    expect(ranged.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
  });
});
