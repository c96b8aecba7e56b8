import { describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../../main/core/payments/gateway-config.js';

describe('payments mode from the environment (SPEC: sandbox by default, test keys, live keys refused)', () => {
  it.each([
    [{}, { mode: 'sandbox' }],
    [{ STRIPE_SECRET_KEY: 'sk_test_abc' }, { mode: 'stripe-test', apiKey: 'sk_test_abc' }],
    [{ BURNRATE_STRIPE_API: 'http://127.0.0.1:12111' }, { mode: 'custom', host: '127.0.0.1', port: 12111, protocol: 'http' }],
    [
      { BURNRATE_STRIPE_API: 'https://stripe.example', STRIPE_SECRET_KEY: 'sk_test_k' },
      { mode: 'custom', port: 443, apiKey: 'sk_test_k' },
    ],
  ])('%j → %j', (env, expected) => {
    expect(gatewayConfigFromEnv(env)).toMatchObject(expected);
  });

  it.each([
    [{ STRIPE_SECRET_KEY: 'sk_live_abc' }, /accepted only by a team server/],
    [{ STRIPE_SECRET_KEY: 'rk_live_abc' }, /accepted only by a team server/],
    [{ STRIPE_SECRET_KEY: 'pk_test_abc' }, /test secret key/],
    [{ BURNRATE_STRIPE_API: 'not a url' }, /must be a URL/],
    [{ BURNRATE_STRIPE_API: 'ftp://x' }, /http/],
  ])('%j is refused', (env, reason) => {
    expect(() => gatewayConfigFromEnv(env)).toThrow(reason);
  });

  it.each([
    [{ STRIPE_SECRET_KEY: 'sk_live_abc' }, { mode: 'stripe-live', apiKey: 'sk_live_abc' }],
    [{ STRIPE_SECRET_KEY: ' rk_live_abc ' }, { mode: 'stripe-live', apiKey: 'rk_live_abc' }],
    [{ STRIPE_SECRET_KEY: 'sk_test_abc' }, { mode: 'stripe-test', apiKey: 'sk_test_abc' }],
    [
      { BURNRATE_STRIPE_API: 'https://stripe.example', STRIPE_SECRET_KEY: 'sk_live_k' },
      { mode: 'custom', apiKey: 'sk_live_k' },
    ],
  ])('on the team server (live keys accepted) %j → %j', (env, expected) => {
    expect(gatewayConfigFromEnv(env, null, { liveKeys: true })).toMatchObject(expected);
  });

  it.each([['sk_live_'], ['sk_live_has space'], ['pk_live_abc'], ['sk_live_abc\nX']])('even on the team server, a malformed key %j is refused', (key) => {
    expect(() => gatewayConfigFromEnv({ STRIPE_SECRET_KEY: key }, null, { liveKeys: true })).toThrow(/test secret key|accepted only/);
  });
});
