/**
 * The app's own sandbox (started with a secretKey): another local user can
 * reach its loopback port, so it answers only its own key, like Stripe with a
 * key it does not know, and it has no fault switches at all. A developer's
 * sandbox (no secretKey: `sandbox serve`, tests) keeps both.
 */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';

const KEY = `sk_test_${'ab12'.repeat(12)}`;
let sandbox: SandboxHandle;

beforeEach(async () => {
  sandbox = await startSandbox({ dbFile: ':memory:', secretKey: KEY });
});
afterEach(async () => {
  await sandbox.close();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

describe("the app's own sandbox: only its own key", () => {
  it('serves its own key, as Bearer (the SDK) or Basic (curl -u)', async () => {
    const customer = await sandboxStripeClient(sandbox, KEY).customers.create({ email: 'me@example.com' });
    expect(customer.email).toBe('me@example.com');
    const res = await fetch(`${sandbox.url}/v1/customers`, { headers: basic(KEY) });
    expect(res.status).toBe(200);
  });

  it.each([
    ['another test key', bearer('sk_test_attacker')],
    ['the old shared placeholder key', bearer('sk_test_burnrate_sandbox')],
    ['its own key with one character changed', bearer(`${KEY.slice(0, -1)}0`)],
    ['its own key as a prefix of a longer one', bearer(`${KEY}0`)],
    ['a restricted test key', bearer('rk_test_attacker')],
    ['another key over Basic', basic('sk_test_attacker')],
    ['no key', {}],
  ])('%s gets a 401 and sees nothing', async (_what, headers) => {
    await sandboxStripeClient(sandbox, KEY).customers.create({ email: 'victim@example.com' });
    for (const [method, path, body] of [
      ['GET', '/v1/customers', undefined],
      ['GET', '/v1/account', undefined],
      ['POST', '/v1/payment_intents', 'amount=99999999&currency=usd&payment_method=pm_card_visa&confirm=true&metadata[app]=burnrate'],
    ] as const) {
      const res = await fetch(`${sandbox.url}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
      const json = (await res.json()) as { error?: { type?: string; message?: string } };
      expect(res.status).toBe(401);
      expect(json.error?.type).toBe('invalid_request_error');
      expect(JSON.stringify(json)).not.toContain('victim');
      expect(JSON.stringify(json)).not.toContain(KEY.slice(8));
    }
    expect((await sandboxStripeClient(sandbox, KEY).paymentIntents.list()).data).toEqual([]);
  });

  it('the SDK with another key fails with an authentication error', async () => {
    const err = await new Stripe('sk_test_attacker', { host: '127.0.0.1', port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 }).customers
      .list()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
  });

  it('refuses a secretKey that is not a long test key', async () => {
    for (const secretKey of ['', 'sk_test_', 'sk_test_short', `sk_live_${'a'.repeat(40)}`]) {
      await expect(startSandbox({ dbFile: ':memory:', secretKey })).rejects.toThrow(/secretKey/);
    }
  });
});

describe("the app's own sandbox: no fault switches", () => {
  it.each([
    ['GET', undefined],
    ['POST', JSON.stringify({ failRate: 1, dropRate: 0 })],
    ['POST', JSON.stringify({ next: { kind: 'drop', count: 5 } })],
    ['POST', JSON.stringify({ latencyMs: 60_000 })],
  ])('%s /_sandbox/faults %s is refused with a 403 and changes nothing', async (method, body) => {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { 'Content-Type': 'application/json', ...bearer(KEY) }, body });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/sandbox serve/);
    expect(sandbox.faults.snapshot()).toMatchObject({ latencyMs: 0, failRate: 0, rateLimitRate: 0, dropRate: 0, pending: [] });
    expect((await sandboxStripeClient(sandbox, KEY).customers.create({})).object).toBe('customer');
  });

  it("its handle's switches throw too; reset and health still work", async () => {
    expect(() => sandbox.faults.set({ failRate: 1 })).toThrow(/fault switches are off/);
    expect(() => sandbox.faults.next('drop')).toThrow(/fault switches are off/);
    expect(() => sandbox.faults.seed(1)).toThrow(/fault switches are off/);
    sandbox.faults.reset();
    expect(sandbox.faults.decide('POST', '/v1/payment_intents')).toBeNull();
    expect(await (await fetch(`${sandbox.url}/_sandbox/health`)).json()).toEqual({ ok: true });
  });
});

describe("a developer's sandbox (no secretKey), like stripe-mock", () => {
  it('accepts any test key and takes fault switches over HTTP', async () => {
    const dev = await startSandbox({ dbFile: ':memory:' });
    try {
      expect((await sandboxStripeClient(dev, 'sk_test_anything').customers.create({})).object).toBe('customer');
      const res = await fetch(`${dev.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ failRate: 0.5 }),
      });
      expect(res.status).toBe(200);
      expect(dev.faults.failRate).toBe(0.5);
    } finally {
      await dev.close();
    }
  });
});
