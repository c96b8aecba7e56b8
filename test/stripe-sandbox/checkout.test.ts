import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxActionError } from '../../main/stripe-sandbox/index.js';
import { raw, rejection, startHarness, type Harness } from './support.js';

const CREDITS_PACK = {
  mode: 'payment' as const,
  line_items: [{ price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: '1,000 credits' } }, quantity: 2 }],
  success_url: 'https://burnrate.local/done?session={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://burnrate.local/cancel',
};

describe('checkout sessions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('creates an open, unpaid session whose url points at the sandbox', async () => {
    const s = await h.stripe.checkout.sessions.create({
      ...CREDITS_PACK,
      customer_email: 'lead@example.com',
      client_reference_id: 'purchase-9',
      metadata: { credits: '2000' },
    });
    expect(s.id).toMatch(/^cs_test_/);
    expect(s).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 2000,
      currency: 'usd',
      payment_intent: null,
      client_reference_id: 'purchase-9',
      customer_email: 'lead@example.com',
      livemode: false,
      metadata: { credits: '2000' },
      created: h.clock.unix,
      expires_at: h.clock.unix + 24 * 3600,
    });
    expect(s.url).toBe(`${h.handle.url}/checkout/${s.id}`);
    const items = await h.stripe.checkout.sessions.listLineItems(s.id);
    expect(items.data.map((i) => [i.description, i.quantity, i.amount_total])).toEqual([['1,000 credits', 2, 2000]]);
  });

  it('completes through the handle: a succeeded PaymentIntent, session complete/paid, events in order', async () => {
    const customer = await h.stripe.customers.create({ email: 'lead@example.com' });
    const s = await h.stripe.checkout.sessions.create({
      ...CREDITS_PACK,
      customer: customer.id,
      payment_intent_data: { metadata: { purchase: 'p-7' }, setup_future_usage: 'off_session' },
    });
    const done = await h.handle.completeCheckout(s.id, 'pm_card_mastercard');
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    const again = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
    expect(again.status).toBe('complete');
    const pi = again.payment_intent as { id: string; status: string; amount: number; metadata: object; receipt_email: string; customer: string };
    expect(pi).toMatchObject({ status: 'succeeded', amount: 2000, metadata: { purchase: 'p-7' }, receipt_email: 'lead@example.com', customer: customer.id });
    // setup_future_usage saved the card for later refills.
    const saved = await h.stripe.customers.listPaymentMethods(customer.id);
    expect(saved.data.map((p) => p.card?.last4)).toEqual(['4444']);
    const events = await h.stripe.events.list({ limit: 100 });
    const types = events.data.map((e) => e.type).reverse();
    expect(types.slice(types.indexOf('payment_intent.created'))).toEqual([
      'payment_intent.created',
      'payment_method.attached',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const completed = events.data.find((e) => e.type === 'checkout.session.completed');
    expect(completed?.data.object).toMatchObject({ id: s.id, payment_status: 'paid', payment_intent: pi.id });
  });

  it('completes through the HTTP test-helper route', async () => {
    const s = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    const res = await raw(h, 'POST', `/v1/test_helpers/checkout/sessions/${s.id}/complete`, { body: 'payment_method=pm_card_amex' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const pi = await h.stripe.paymentIntents.retrieve(res.json.payment_intent as string, { expand: ['latest_charge'] });
    expect((pi.latest_charge as { payment_method_details: { card: { brand: string } } }).payment_method_details.card.brand).toBe('amex');
  });

  it('keeps the session open after a declined card, then accepts another card on the same intent', async () => {
    const s = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    const err = await h.handle.completeCheckout(s.id, 'pm_card_visa_chargeDeclinedInsufficientFunds').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxActionError);
    expect((err as SandboxActionError).status).toBe(402);
    expect((err as SandboxActionError).error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
    const open = await h.stripe.checkout.sessions.retrieve(s.id);
    expect(open).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const done = await h.handle.completeCheckout(s.id);
    expect(done.payment_intent).toBe(open.payment_intent);
    expect((await h.stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('cancels the intent of a declined attempt when the session expires', async () => {
    const s = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    await h.handle.completeCheckout(s.id, 'pm_card_visa_chargeDeclined').catch(() => undefined);
    const open = await h.stripe.checkout.sessions.retrieve(s.id);
    await h.stripe.checkout.sessions.expire(s.id);
    const pi = await h.stripe.paymentIntents.retrieve(open.payment_intent as string);
    expect([pi.status, pi.cancellation_reason]).toEqual(['canceled', 'abandoned']);
  });

  it('refuses to complete a session twice', async () => {
    const s = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    await h.handle.completeCheckout(s.id);
    await expect(h.handle.completeCheckout(s.id)).rejects.toMatchObject({ status: 400 });
  });

  it('expires on request: status expired, url cleared, event emitted, cannot be paid', async () => {
    const s = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    const expired = await h.stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: 'expired', url: null, payment_status: 'unpaid' });
    const events = await h.stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data.map((e) => (e.data.object as { id: string }).id)).toEqual([s.id]);
    expect((await rejection(h.stripe.checkout.sessions.expire(s.id))).statusCode).toBe(400);
    await expect(h.handle.completeCheckout(s.id)).rejects.toBeInstanceOf(SandboxActionError);
  });

  it('expires by itself once expires_at passes on the sandbox clock', async () => {
    const s = await h.stripe.checkout.sessions.create({ ...CREDITS_PACK, expires_at: h.clock.unix + 3600 });
    h.clock.advance(3599);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
    h.clock.advance(1);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).status).toBe('expired');
    const events = await h.stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]?.request).toEqual({ id: null, idempotency_key: null });
  });

  it('lists sessions filtered by status', async () => {
    const a = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    const b = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    await h.handle.completeCheckout(b.id);
    expect((await h.stripe.checkout.sessions.list({ status: 'open' })).data.map((x) => x.id)).toEqual([a.id]);
    expect((await h.stripe.checkout.sessions.list()).data.map((x) => x.id)).toEqual([b.id, a.id]);
  });

  it('validates creation like Stripe', async () => {
    const noMode = await rejection(h.stripe.checkout.sessions.create({ line_items: CREDITS_PACK.line_items } as never));
    expect([noMode.statusCode, noMode.param]).toEqual([400, 'mode']);
    const tooSmall = await rejection(
      h.stripe.checkout.sessions.create({
        ...CREDITS_PACK,
        line_items: [{ price_data: { currency: 'usd', unit_amount: 10, product_data: { name: 'x' } }, quantity: 1 }],
      }),
    );
    expect(tooSmall.code).toBe('amount_too_small');
    const noName = await rejection(
      h.stripe.checkout.sessions.create({
        ...CREDITS_PACK,
        line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: {} as never }, quantity: 1 }],
      }),
    );
    expect(noName.param).toBe('line_items[0][price_data][product_data][name]');
  });

  it('serves a hosted page whose Pay form completes the session and redirects to success_url', async () => {
    const s = await h.stripe.checkout.sessions.create(CREDITS_PACK);
    const pageHtml = await (await fetch(s.url as string)).text();
    expect(pageHtml).toContain('Pay $20.00');
    expect(pageHtml).toContain(`action="/checkout/${s.id}/pay"`);
    const res = await fetch(`${h.handle.url}/checkout/${s.id}/pay`, {
      method: 'POST',
      body: 'payment_method=pm_card_visa',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://burnrate.local/done?session=${s.id}`);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).payment_status).toBe('paid');
  });

  describe('return pages: where the customer lands after paying, served by the sandbox itself', () => {
    const ownPages = (origin: string) => ({
      ...CREDITS_PACK,
      success_url: `${origin}/checkout/return?outcome=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/checkout/return?outcome=cancel`,
    });
    const title = async (url: string) => /<h1>([^<]*)<\/h1>/.exec(await (await fetch(url)).text())?.[1];

    it('links to them follow the server to its next port, and the same request re-sent after a restart is a replay', async () => {
      const params = ownPages(h.handle.url);
      const s = await h.stripe.checkout.sessions.create(params, { idempotencyKey: 'checkout-1' });
      await h.restart();
      const again = await h.stripe.checkout.sessions.retrieve(s.id);
      expect([again.success_url, again.cancel_url]).toEqual([ownPages(h.handle.url).success_url, ownPages(h.handle.url).cancel_url]);
      // The app stores the request with the old port; under the same key it must get the same session back.
      const replayed = await h.stripe.checkout.sessions.create(ownPages(h.handle.url), { idempotencyKey: 'checkout-1' });
      expect(replayed.id).toBe(s.id);
      expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
    });

    it.each([
      ['paid', 'pm_card_visa', 'Payment received — return to Burnrate'],
      ['declined', 'pm_card_visa_chargeDeclined', 'Payment not finished'],
    ])('after paying (%s) the page says so in plain words', async (_what, card, heading) => {
      const s = await h.stripe.checkout.sessions.create(ownPages(h.handle.url));
      await h.handle.completeCheckout(s.id, card).catch(() => null);
      expect(await title(`${h.handle.url}/checkout/return?outcome=success&session_id=${s.id}`)).toBe(heading);
    });

    it('the Pay button lands on the success page; cancel on the cancel page', async () => {
      const s = await h.stripe.checkout.sessions.create(ownPages(h.handle.url));
      const res = await fetch(`${h.handle.url}/checkout/${s.id}/pay`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'payment_method=pm_card_visa',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${h.handle.url}/checkout/return?outcome=success&session_id=${s.id}`);
      expect(await title(res.headers.get('location')!)).toBe('Payment received — return to Burnrate');
      expect(await title(`${h.handle.url}/checkout/return?outcome=cancel`)).toBe('Payment canceled');
    });

    it("the Checkout page's Cancel link names the server, not the placeholder its link is stored with", async () => {
      const s = await h.stripe.checkout.sessions.create(ownPages(h.handle.url));
      const html = await (await fetch(s.url!)).text();
      expect(/<a href="([^"]*)">Cancel<\/a>/.exec(html)?.[1]).toBe(`${h.handle.url}/checkout/return?outcome=cancel`);
    });

    it.each([
      ['a Checkout success_url', (url: string) => h.stripe.checkout.sessions.create({ ...CREDITS_PACK, success_url: url }), 'success_url'],
      ['a Checkout cancel_url', (url: string) => h.stripe.checkout.sessions.create({ ...CREDITS_PACK, cancel_url: url }), 'cancel_url'],
      [
        'a 3-D Secure return_url',
        (url: string) =>
          h.stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: url }),
        'return_url',
      ],
    ])('%s that is not an absolute http(s) URL is refused (url_invalid) and nothing is created', async (_what, create, param) => {
      for (const url of ['payments/return', 'javascript:alert(1)', 'not a url']) {
        expect(await rejection(create(url))).toMatchObject({ statusCode: 400, code: 'url_invalid', param });
      }
      expect((await h.stripe.paymentIntents.list()).data).toEqual([]);
      expect((await h.stripe.checkout.sessions.list()).data).toEqual([]);
    });

    it('a 3-D Secure challenge returns to the payment page with the intent and its outcome, as Stripe does', async () => {
      const pi = await h.stripe.paymentIntents.create({
        amount: 500,
        currency: 'usd',
        payment_method: 'pm_card_authenticationRequired',
        confirm: true,
        return_url: `${h.handle.url}/payments/return`,
      });
      const res = await fetch(`${h.handle.url}/authenticate/${pi.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=succeed',
      });
      expect(res.headers.get('location')).toBe(
        `${h.handle.url}/payments/return?payment_intent=${pi.id}&payment_intent_client_secret=${pi.client_secret}&redirect_status=succeeded`,
      );
      expect(await title(res.headers.get('location')!)).toBe('Payment confirmed — return to Burnrate');
    });
  });
});
