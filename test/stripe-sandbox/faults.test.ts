import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';
import { raw, rejection, startHarness, type Harness } from './support.js';

const REFILL = { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, off_session: true };

describe('fault injection', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('drop: the payment happens, the SDK loses the answer, and a retry with the same key returns the same intent', async () => {
    // The SDK retries a reset connection once on its own, so drop both attempts to make the call fail.
    h.handle.faults.next('drop', 2);
    const err = await rejection(h.stripe.paymentIntents.create(REFILL, { idempotencyKey: 'refill-1' }));
    expect(err.type).toBe('StripeConnectionError');
    const stored = await h.stripe.paymentIntents.list();
    expect(stored.data).toHaveLength(1);
    expect(stored.data[0]?.status).toBe('succeeded');
    const retried = await h.stripe.paymentIntents.create(REFILL, { idempotencyKey: 'refill-1' });
    expect(retried.id).toBe(stored.data[0]?.id);
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await h.stripe.charges.list()).data).toHaveLength(1);
    expect(h.handle.faults.injected.drop).toBe(2);
  });

  it("drop once: the SDK's automatic reconnect replays the saved answer, so the caller sees one success", async () => {
    h.handle.faults.next('drop', 1);
    const pi = await h.stripe.paymentIntents.create(REFILL);
    expect(pi.status).toBe('succeeded');
    expect(pi.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await h.stripe.paymentIntents.list()).data.map((p) => p.id)).toEqual([pi.id]);
  });

  it('500: fails before anything happens (api_error), and the next call goes through', async () => {
    h.handle.faults.next('500');
    const err = await rejection(h.stripe.paymentIntents.create(REFILL, { idempotencyKey: 'k-500' }));
    expect(err.type).toBe('StripeAPIError');
    expect(err.statusCode).toBe(500);
    expect(err.rawType).toBe('api_error');
    expect((await h.stripe.paymentIntents.list()).data).toHaveLength(0);
    expect((await h.stripe.events.list()).data).toHaveLength(0);
    // Nothing was recorded under the key either, so the same key now runs the request.
    const pi = await h.stripe.paymentIntents.create(REFILL, { idempotencyKey: 'k-500' });
    expect(pi.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(pi.status).toBe('succeeded');
  });

  it('429: a rate-limit error before anything happens', async () => {
    h.handle.faults.next('429');
    const err = await rejection(h.stripe.customers.create({ email: 'x@example.com' }));
    expect(err.type).toBe('StripeRateLimitError');
    expect([err.statusCode, err.code]).toEqual([429, 'rate_limit']);
    expect((await h.stripe.customers.list()).data).toHaveLength(0);
  });

  it('scripted faults hit only matching POSTs, in order, for the given count', async () => {
    h.handle.faults.next('500', 2, { pathPrefix: '/v1/payment_intents' });
    const customer = await h.stripe.customers.create({});
    expect((await h.stripe.paymentIntents.list()).data).toEqual([]);
    expect((await rejection(h.stripe.paymentIntents.create(REFILL))).statusCode).toBe(500);
    expect((await rejection(h.stripe.paymentIntents.create(REFILL))).statusCode).toBe(500);
    expect((await h.stripe.paymentIntents.create({ ...REFILL, customer: customer.id, payment_method: 'pm_card_amex' })).status).toBe('succeeded');
    expect(h.handle.faults.pending()).toEqual([]);
  });

  it('random faults replay exactly under the same seed', async () => {
    const run = async (): Promise<string[]> => {
      h.handle.faults.reset();
      h.handle.faults.set({ failRate: 0.25, rateLimitRate: 0.25 });
      h.handle.faults.seed(42);
      const outcomes: string[] = [];
      for (let i = 0; i < 24; i += 1) {
        outcomes.push(
          await h.stripe.customers.create({}).then(
            () => 'ok',
            (e: Stripe.errors.StripeError) => String(e.statusCode),
          ),
        );
      }
      return outcomes;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', '500', '429']));
    h.handle.faults.seed(7);
    const other: string[] = [];
    for (let i = 0; i < 24; i += 1)
      other.push(
        await h.stripe.customers.create({}).then(
          () => 'ok',
          (e: Stripe.errors.StripeError) => String(e.statusCode),
        ),
      );
    expect(other).not.toEqual(first);
  });

  it('latency: a client that times out still leaves the operation done', async () => {
    h.handle.faults.set({ latencyMs: 300 });
    const impatient = new Stripe('sk_test_x', { host: '127.0.0.1', port: h.handle.port, protocol: 'http', maxNetworkRetries: 0, timeout: 100 });
    const err = await rejection(impatient.customers.create({ email: 'slow@example.com' }));
    expect(err.type).toBe('StripeConnectionError');
    expect(err.message).toContain('timeout');
    await new Promise((r) => setTimeout(r, 400));
    h.handle.faults.set({ latencyMs: 0 });
    expect((await h.stripe.customers.list({ email: 'slow@example.com' })).data).toHaveLength(1);
  });

  it('is controllable over HTTP for out-of-process use', async () => {
    const post = (body: unknown, type = 'application/json') =>
      fetch(`${h.handle.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': type }, body: JSON.stringify(body) });
    const set = await post({ reset: true, seed: 3, next: { kind: '429', count: 1, pathPrefix: '/v1/customers' } });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { pending: unknown[] }).pending).toHaveLength(1);
    expect((await rejection(h.stripe.customers.create({}))).statusCode).toBe(429);
    const state = (await (await fetch(`${h.handle.url}/_sandbox/faults`)).json()) as { injected: Record<string, number> };
    expect(state.injected['429']).toBe(1);
    expect((await post({ failRate: 2 })).status).toBe(400);
    expect((await post({ next: { kind: 'explode' } })).status).toBe(400);
    expect((await post({}, 'text/plain')).status).toBe(415);
    expect(h.handle.faults.failRate).toBe(0);
  });

  it('leaves sandbox test helpers alone, so a test can always complete a checkout', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'credits' } }, quantity: 1 }],
    });
    h.handle.faults.set({ failRate: 1 });
    const res = await raw(h, 'POST', `/v1/test_helpers/checkout/sessions/${s.id}/complete`, { body: '' });
    expect(res.status).toBe(200);
    expect((await rejection(sandboxStripeClient(h.handle).checkout.sessions.retrieve(s.id))).statusCode).toBe(500);
  });
});
