import { describe, expect, it } from 'vitest';
import { buyFromTray, checkoutUrlToOpen, type TrayBuyDeps } from '../../main/shell/tray-buy.js';

const SANDBOX = 'http://127.0.0.1:43127';

/** Fake shell around a Checkout that answers `url` (or fails); records what was opened and shown. */
function deps(url: string | Error, sandboxOrigin: string | null = SANDBOX) {
  const seen = { checkout: [] as number[], opened: [] as string[], billing: 0 };
  const d: TrayBuyDeps = {
    checkout: (credits) => {
      seen.checkout.push(credits);
      return url instanceof Error ? Promise.reject(url) : Promise.resolve({ url });
    },
    sandboxOrigin: () => sandboxOrigin,
    openExternal: (u) => {
      seen.opened.push(u);
      return Promise.resolve();
    },
    showBilling: () => void (seen.billing += 1),
  };
  return { d, seen };
}

describe('tray: Buy credits ▸ pack', () => {
  it.each([
    ['the running sandbox’s checkout page', `${SANDBOX}/checkout/cs_test_a1`, SANDBOX, true],
    ['Stripe Checkout', 'https://checkout.stripe.com/c/pay/cs_test_a1', null, true],
    ['a sandbox page when payments use real Stripe', `${SANDBOX}/checkout/cs_test_a1`, null, false],
    ['another loopback port', 'http://127.0.0.1:1/checkout/cs_test_a1', SANDBOX, false],
    ['a sandbox API path', `${SANDBOX}/v1/checkout/sessions`, SANDBOX, false],
    ['a lookalike host', 'https://checkout.stripe.com.evil.com/c/pay/cs', SANDBOX, false],
    ['javascript:', 'javascript:alert(1)', SANDBOX, false],
  ])('%s: opened = %s', async (_what, url, origin, opens) => {
    expect(checkoutUrlToOpen(url, origin) !== null).toBe(opens);
    const { d, seen } = deps(url, origin);
    const outcome = await buyFromTray(2000, d);
    expect(seen.checkout).toEqual([2000]);
    expect(outcome.type).toBe(opens ? 'opened' : 'refused');
    expect(seen.opened).toEqual(opens ? [url] : []);
    expect(seen.billing).toBe(opens ? 0 : 1);
  });

  it('a Checkout that cannot start shows the billing view and opens nothing', async () => {
    const { d, seen } = deps(new Error('no answer from Stripe'));
    expect(await buyFromTray(500, d)).toEqual({ type: 'failed', message: 'no answer from Stripe' });
    expect(seen).toEqual({ checkout: [500], opened: [], billing: 1 });
  });
});
