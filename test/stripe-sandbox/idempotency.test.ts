import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { raw, rejection, startHarness, type Harness } from './support.js';

describe('idempotency keys', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('replays the first success exactly, marks it replayed, and creates nothing new', async () => {
    const params = { amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { purchase: 'p1' } };
    const first = await h.stripe.paymentIntents.create(params, { idempotencyKey: 'buy-p1' });
    const again = await h.stripe.paymentIntents.create(params, { idempotencyKey: 'buy-p1' });
    expect(again).toEqual(first);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(again.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    const all = await h.stripe.paymentIntents.list();
    expect(all.data.map((p) => p.id)).toEqual([first.id]);
    const charges = await h.stripe.charges.list();
    expect(charges.data).toHaveLength(1);
  });

  it('replays a card decline with the same status, body and PaymentIntent', async () => {
    const params = { amount: 5000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true };
    const e1 = await rejection(h.stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }));
    const e2 = await rejection(h.stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }));
    expect(e1.statusCode).toBe(402);
    expect(e2.statusCode).toBe(402);
    expect(e2.raw).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    expect(e2.payment_intent?.id).toBe(e1.payment_intent?.id);
    expect(e2.headers?.['idempotent-replayed']).toBe('true');
    expect((await h.stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('refuses the same key with different parameters (idempotency_error)', async () => {
    await h.stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'k1' });
    const err = await rejection(h.stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'k1' }));
    expect(err.type).toBe('StripeIdempotencyError');
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("Try using a key other than 'k1'");
    const customers = await h.stripe.customers.list();
    expect(customers.data.map((c) => c.email)).toEqual(['a@example.com']);
  });

  it('treats the same key on another endpoint as different parameters', async () => {
    await h.stripe.customers.create({}, { idempotencyKey: 'shared' });
    const err = await rejection(h.stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'shared' }));
    expect(err.type).toBe('StripeIdempotencyError');
  });

  it('matches parameters regardless of their order on the wire', async () => {
    const a = await raw(h, 'POST', '/v1/customers', { body: 'email=x%40y.z&name=X', headers: { 'Idempotency-Key': 'order' } });
    const b = await raw(h, 'POST', '/v1/customers', { body: 'name=X&email=x%40y.z', headers: { 'Idempotency-Key': 'order' } });
    expect(b.status).toBe(200);
    expect(b.json.id).toBe(a.json.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not burn a key on a request refused by validation, like Stripe', async () => {
    const bad = await rejection(h.stripe.paymentIntents.create({ amount: 10, currency: 'usd' }, { idempotencyKey: 'fix-me' }));
    expect(bad.code).toBe('amount_too_small');
    const good = await h.stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'fix-me' });
    expect(good.amount).toBe(100);
  });

  it('ignores keys on GET requests', async () => {
    const c = await h.stripe.customers.create({});
    const a = await raw(h, 'GET', `/v1/customers/${c.id}`, { headers: { 'Idempotency-Key': 'g' } });
    const b = await raw(h, 'GET', '/v1/customers', { headers: { 'Idempotency-Key': 'g' } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('still replays after a restart on the same database file', async () => {
    const pi = await h.stripe.paymentIntents.create(
      { amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'refill-42' },
    );
    await h.restart();
    const again = await h.stripe.paymentIntents.create(
      { amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'refill-42' },
    );
    expect(again.id).toBe(pi.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
  });
});
