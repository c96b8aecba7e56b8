import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { SandboxActionError } from '../../main/stripe-sandbox/index.js';
import { raw, rejection, startHarness, type Harness } from './support.js';

const SETUP = {
  mode: 'setup' as const,
  currency: 'usd',
  success_url: 'https://burnrate.local/saved?session={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://burnrate.local/cancel',
};

/** Posts the sandbox's hosted Checkout form as a browser would (no redirect following). */
async function postPage(h: Harness, sessionId: string, form: Record<string, string>): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(`${h.handle.url}/checkout/${sessionId}/pay`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('Checkout in setup mode (saving a card without charging it)', () => {
  let h: Harness;
  let customer: Stripe.Customer;
  beforeEach(async () => {
    h = await startHarness();
    customer = await h.stripe.customers.create({ email: 'lead@example.com' });
  });
  afterEach(() => h.stop());

  it('creates an open session with no amount, no payment and no intent yet', async () => {
    const s = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id, setup_intent_data: { metadata: { app: 'burnrate' } } });
    expect(s).toMatchObject({
      object: 'checkout.session',
      mode: 'setup',
      status: 'open',
      payment_status: 'no_payment_required',
      amount_total: null,
      currency: 'usd',
      customer: customer.id,
      setup_intent: null,
      payment_intent: null,
    });
    expect(s.url).toBe(`${h.handle.url}/checkout/${s.id}`);
    expect((await h.stripe.checkout.sessions.listLineItems(s.id)).data).toEqual([]);
  });

  it.each([
    ['line_items', { line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'x' } }, quantity: 1 }] }],
    ['payment_intent_data', { payment_intent_data: { description: 'x' } }],
  ])('refuses %s in setup mode and creates nothing', async (param, extra) => {
    const err = await rejection(h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id, ...extra }));
    expect([err.statusCode, err.param]).toEqual([400, param]);
    expect((await h.stripe.checkout.sessions.list()).data).toEqual([]);
  });

  it('refuses setup_intent_data in payment mode', async () => {
    const err = await rejection(
      h.stripe.checkout.sessions.create({
        mode: 'payment',
        success_url: SETUP.success_url,
        setup_intent_data: { description: 'x' },
        line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'x' } }, quantity: 1 }],
      }),
    );
    expect([err.statusCode, err.param]).toEqual([400, 'setup_intent_data']);
  });

  it('the hosted page lists Stripe test card numbers; a declined card keeps the session open, a good one saves it to the customer', async () => {
    const s = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id, setup_intent_data: { metadata: { app: 'burnrate' } } });
    const html = await (await fetch(s.url!)).text();
    expect(html).toContain('Save a card');
    expect(html).toContain('4242 4242 4242 4242');
    expect(html).toContain('4000 0000 0000 0002');
    expect(html).not.toContain('Pay $');

    // 4000000000000002 typed into the page: the bank declines it, the page says why, the session stays open.
    const declined = await postPage(h, s.id, { card_number: '4000 0000 0000 0002', payment_method: 'pm_card_visa' });
    expect(declined.status).toBe(402);
    expect(declined.text).toContain('Your card was declined.');
    const open = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent'] });
    expect(open.status).toBe('open');
    const failedIntent = open.setup_intent as Stripe.SetupIntent;
    expect(failedIntent).toMatchObject({ status: 'requires_payment_method', payment_method: null, customer: customer.id, metadata: { app: 'burnrate' } });
    expect(failedIntent.last_setup_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);

    const saved = await postPage(h, s.id, { payment_method: 'pm_card_mastercard', card_number: '' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`https://burnrate.local/saved?session=${s.id}`);
    const done = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent.payment_method'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', url: null });
    const si = done.setup_intent as Stripe.SetupIntent;
    // Stripe retries on the session's one SetupIntent.
    expect(si.id).toBe(failedIntent.id);
    expect(si).toMatchObject({ status: 'succeeded', last_setup_error: null, usage: 'off_session' });
    const pm = si.payment_method as Stripe.PaymentMethod;
    expect(pm).toMatchObject({ customer: customer.id, card: { brand: 'mastercard', last4: '4444' } });
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([pm.id]);
    // Nothing was charged.
    expect((await h.stripe.paymentIntents.list()).data).toEqual([]);
    expect((await h.stripe.charges.list()).data).toEqual([]);

    const types = (await h.stripe.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
    expect(types.filter((t) => t.startsWith('setup_intent.') || t.startsWith('checkout.') || t.startsWith('payment_method.'))).toEqual([
      'setup_intent.created',
      'setup_intent.setup_failed',
      'payment_method.attached',
      'setup_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('a typed number the sandbox does not know is refused on the page and changes nothing', async () => {
    const s = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id });
    const r = await postPage(h, s.id, { card_number: '1234 5678 9012 3456' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('not one of the test card numbers');
    expect(await h.stripe.checkout.sessions.retrieve(s.id)).toMatchObject({ status: 'open', setup_intent: null });
  });

  it('completes through the handle and the test-helper route, and its return page says the card was saved', async () => {
    const a = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id });
    const done = await h.handle.completeCheckout(a.id, 'pm_card_visa');
    expect(done).toMatchObject({ status: 'complete', mode: 'setup' });
    const b = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id });
    const res = await raw(h, 'POST', `/v1/test_helpers/checkout/sessions/${b.id}/complete`, { body: 'payment_method=pm_card_amex' });
    expect(res.status).toBe(200);
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.card?.brand).sort()).toEqual(['amex', 'visa']);
    const page = await (await fetch(`${h.handle.url}/checkout/return?outcome=success&session_id=${a.id}`)).text();
    expect(page).toContain('Card saved — return to Burnrate');
    const cancel = await (await fetch(`${h.handle.url}/checkout/return?outcome=cancel&mode=setup`)).text();
    expect(cancel).toContain('Card not saved');
  });

  it('an insufficient-funds card answers the bank reason through the handle', async () => {
    const s = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id });
    const err = await h.handle.completeCheckout(s.id, 'pm_card_visa_chargeDeclinedInsufficientFunds').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxActionError);
    expect((err as SandboxActionError).error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
  });

  it('expiry cancels the SetupIntent of a declined attempt; its SetupIntent cannot be confirmed outside the session', async () => {
    const s = await h.stripe.checkout.sessions.create({ ...SETUP, customer: customer.id });
    await h.handle.completeCheckout(s.id, 'pm_card_visa_chargeDeclined').catch(() => undefined);
    const siId = (await h.stripe.checkout.sessions.retrieve(s.id)).setup_intent as string;
    const err = await rejection(h.stripe.setupIntents.confirm(siId, { payment_method: 'pm_card_visa' }));
    expect(err.statusCode).toBe(400);
    await h.stripe.checkout.sessions.expire(s.id);
    expect(await h.stripe.setupIntents.retrieve(siId)).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const types = (await h.stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['checkout.session.expired', 'setup_intent.canceled']);
  });
});

describe('SetupIntents API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('creates, confirms and lists: the card is attached to the customer, nothing charged', async () => {
    const c = await h.stripe.customers.create({});
    const si = await h.stripe.setupIntents.create({ customer: c.id, metadata: { k: 'v' } });
    expect(si).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method', usage: 'off_session', customer: c.id, livemode: false });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const done = await h.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa_debit' });
    expect(done.status).toBe('succeeded');
    const pm = await h.stripe.paymentMethods.retrieve(done.payment_method as string);
    expect(pm).toMatchObject({ customer: c.id, card: { last4: '5556', funding: 'debit' } });
    expect((await h.stripe.setupIntents.list({ customer: c.id })).data.map((x) => x.id)).toEqual([si.id]);
    expect((await h.stripe.setupIntents.list({ payment_method: pm.id })).data.map((x) => x.id)).toEqual([si.id]);
    expect((await rejection(h.stripe.setupIntents.cancel(si.id))).statusCode).toBe(400);
  });

  it('create with confirm=true declines a card that fails the check: 402 card_error with the intent', async () => {
    const c = await h.stripe.customers.create({});
    const err = await rejection(
      h.stripe.setupIntents.create({ customer: c.id, payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true }),
    );
    expect(err).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    const [stored] = (await h.stripe.setupIntents.list({ customer: c.id })).data;
    expect(stored).toMatchObject({ status: 'requires_payment_method', payment_method: null });
    expect((await h.stripe.customers.listPaymentMethods(c.id)).data).toEqual([]);
  });

  it('cancels an unconfirmed intent and refuses to confirm it afterwards', async () => {
    const si = await h.stripe.setupIntents.create({});
    expect(await h.stripe.setupIntents.cancel(si.id, { cancellation_reason: 'requested_by_customer' })).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
    });
    expect((await rejection(h.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' }))).statusCode).toBe(400);
  });
});
