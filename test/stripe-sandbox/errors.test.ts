import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, rejection, startHarness, type Harness } from './support.js';

describe('errors in Stripe shape', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('401 without a key, with a live key, and with a malformed key', async () => {
    const none = await raw(h, 'GET', '/v1/customers', { key: null });
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ type: 'invalid_request_error' });
    expect((none.json.error as { message: string }).message).toContain('You did not provide an API key');
    const live = await raw(h, 'GET', '/v1/customers', { key: 'sk_live_123' });
    expect(live.status).toBe(401);
    expect((live.json.error as { message: string }).message).toContain('live keys');
    const junk = await raw(h, 'GET', '/v1/customers', { key: 'hello' });
    expect(junk.status).toBe(401);
    const viaBasic = await raw(h, 'GET', '/v1/customers', { key: null, headers: { Authorization: `Basic ${Buffer.from('sk_test_abc:').toString('base64')}` } });
    expect(viaBasic.status).toBe(200);
  });

  it('the SDK reports auth failures as StripeAuthenticationError', async () => {
    const { default: Stripe } = await import('stripe');
    const live = new Stripe('sk_live_nope', { host: '127.0.0.1', port: h.handle.port, protocol: 'http', maxNetworkRetries: 0 });
    const err = await rejection(live.customers.list());
    expect([err.type, err.statusCode]).toEqual(['StripeAuthenticationError', 401]);
  });

  it('404 resource_missing for unknown ids in the URL', async () => {
    const cases: [Promise<unknown>, string][] = [
      [h.stripe.paymentIntents.retrieve('pi_x'), "No such payment_intent: 'pi_x'"],
      [h.stripe.customers.retrieve('cus_x'), "No such customer: 'cus_x'"],
      [h.stripe.paymentMethods.retrieve('pm_x'), "No such PaymentMethod: 'pm_x'"],
      [h.stripe.checkout.sessions.retrieve('cs_test_x'), "No such checkout.session: 'cs_test_x'"],
      [h.stripe.refunds.retrieve('re_x'), "No such refund: 're_x'"],
      [h.stripe.charges.retrieve('ch_x'), "No such charge: 'ch_x'"],
    ];
    for (const [call, message] of cases) {
      const err = await rejection(call);
      expect([err.type, err.statusCode, err.code, err.message]).toEqual(['StripeInvalidRequestError', 404, 'resource_missing', message]);
    }
  });

  it('400 with param for missing, invalid and unknown parameters', async () => {
    const missing = await rejection(h.stripe.paymentIntents.create({ currency: 'usd' } as never));
    expect([missing.statusCode, missing.code, missing.param, missing.message]).toEqual([400, 'parameter_missing', 'amount', 'Missing required param: amount.']);
    const small = await rejection(h.stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect([small.code, small.param, small.message]).toEqual(['amount_too_small', 'amount', 'Amount must be at least $0.50 usd']);
    const notInt = await raw(h, 'POST', '/v1/payment_intents', { body: 'amount=12.5&currency=usd' });
    expect(notInt.status).toBe(400);
    expect(notInt.json.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
    const unknown = await rejection(h.stripe.customers.create({ emial: 'typo@example.com' } as never));
    expect([unknown.code, unknown.param]).toEqual(['parameter_unknown', 'emial']);
    const badCustomer = await rejection(h.stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer: 'cus_nope' }));
    expect([badCustomer.statusCode, badCustomer.code, badCustomer.param]).toEqual([400, 'resource_missing', 'customer']);
    const eur = await rejection(h.stripe.paymentIntents.create({ amount: 100, currency: 'eur' }));
    expect(eur.param).toBe('currency');
  });

  it('404 "Unrecognized request URL" for unknown routes and methods', async () => {
    const res = await raw(h, 'GET', '/v1/nothing_here');
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error' });
    expect((res.json.error as { message: string }).message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/);
    const wrongMethod = await raw(h, 'DELETE', '/v1/payment_intents');
    expect(wrongMethod.status).toBe(404);
  });

  it('sends Request-Id on every answer and a doc_url with coded errors', async () => {
    const res = await raw(h, 'GET', '/v1/customers/cus_missing');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect((res.json.error as { doc_url: string }).doc_url).toBe('https://stripe.com/docs/error-codes/resource-missing');
  });
});
