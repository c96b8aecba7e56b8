/**
 * Random hostile forms sent to the app's own sandbox (fast-check, seeded):
 * every one gets an answer that is not a crash report (never a 500), and the
 * process's shared objects stay as they were.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/stripe-sandbox/index.js';
import { seeded } from '../support/property-seed.js';

const KEY = `sk_test_${'f00d'.repeat(12)}`;
const SHARED = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Object];
const ownProps = () => JSON.stringify(SHARED.map((o) => Reflect.ownKeys(o).map(String)));
const before = ownProps();

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ dbFile: ':memory:', secretKey: KEY });
});
afterAll(async () => {
  await sandbox.close();
});

const ROUTES = [
  ['POST', '/v1/customers'],
  ['GET', '/v1/customers'],
  ['GET', '/v1/customers/search'],
  ['POST', '/v1/payment_intents'],
  ['GET', '/v1/payment_intents'],
  ['POST', '/v1/checkout/sessions'],
  ['GET', '/v1/events'],
  ['POST', '/v1/refunds'],
  ['POST', '/checkout/cs_test_x/pay'],
] as const;

const word = fc.oneof(
  fc.constantFrom(
    'hasOwnProperty',
    'toString',
    'valueOf',
    'call',
    'length',
    'metadata',
    'expand',
    'created',
    'gt',
    'limit',
    'query',
    'email',
    'amount',
    'currency',
    'usd',
    'customer',
    'payment_method',
    'pm_card_visa',
    'confirm',
    'true',
    'line_items',
    'price_data',
    'mode',
    'payment',
    '0',
    '',
    '-1',
    '1e400',
    'data',
    'starting_after',
  ),
  fc.string({ maxLength: 5 }),
);
const key = fc.tuple(word, fc.array(word, { maxLength: 3 })).map(([head, rest]) => head + rest.map((s) => `[${s}]`).join(''));
const request = fc.tuple(fc.constantFrom(...ROUTES), fc.array(fc.tuple(key, word), { maxLength: 6 }));

describe("the app's own sandbox under random hostile forms (fast-check, seeded)", () => {
  it('answers every request without a 500 and leaves shared objects alone', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ([[method, path], pairs]) => {
        const form = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const url = `${sandbox.url}${path}${method === 'GET' && form ? `?${form}` : ''}`;
        const res = await fetch(url, {
          method,
          headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: method === 'POST' ? form : undefined,
          redirect: 'manual',
        });
        const text = await res.text();
        expect(res.status, `${method} ${path} ${form} → ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(ownProps()).toBe(before);
      }),
      seeded({ numRuns: 300 }),
    );
  });
});
