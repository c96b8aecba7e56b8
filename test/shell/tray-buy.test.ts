import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../main/core/errors.js';
import { buyFromTray, checkoutUrlToOpen, type TrayBuyDeps, type TrayCard } from '../../main/shell/tray-buy.js';

const SANDBOX = 'http://127.0.0.1:43127';

/** Fake shell around a Checkout that answers `url` (or fails); records what was opened and shown. No saved card; the user says yes. */
function deps(url: string | Error, sandboxOrigin: string | null = SANDBOX) {
  const seen = { checkout: [] as number[], opened: [] as string[], billing: 0 };
  const d: TrayBuyDeps = {
    defaultCard: () => null,
    confirm: () => Promise.resolve(true),
    buy: () => Promise.reject(new Error('no card')),
    inform: () => undefined,
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

describe('tray: every purchase asks first, naming the credits, the dollars and the card (issue 10)', () => {
  const VISA: TrayCard = { id: 'pm_1', brand: 'visa', last4: '4242' };

  /** A shell with a saved card whose answers are scripted; records the questions and the charges. */
  function withCard(answer: boolean, buy: TrayBuyDeps['buy'] = () => Promise.resolve({ status: 'succeeded', actionUrl: null }), card: TrayCard | null = VISA) {
    const seen = {
      asked: [] as string[],
      bought: [] as [number, string][],
      keys: [] as string[],
      checkout: [] as number[],
      opened: [] as string[],
      told: [] as string[],
      billing: 0,
    };
    const d: TrayBuyDeps = {
      defaultCard: () => card,
      confirm: (q, label) => {
        seen.asked.push(`${q} [${label}]`);
        return Promise.resolve(answer);
      },
      buy: (credits, id, key) => {
        seen.bought.push([credits, id]);
        seen.keys.push(key);
        return buy(credits, id, key);
      },
      checkout: (credits) => {
        seen.checkout.push(credits);
        return Promise.resolve({ url: `${SANDBOX}/checkout/cs_test_a1` });
      },
      sandboxOrigin: () => SANDBOX,
      openExternal: (u) => {
        seen.opened.push(u);
        return Promise.resolve();
      },
      inform: (m) => void seen.told.push(m),
      showBilling: () => void (seen.billing += 1),
    };
    return { d, seen };
  }

  it('asks "Buy 2,000 credits for $20.00 with Visa ••4242?" and pays with that card only after yes', async () => {
    const { d, seen } = withCard(true);
    expect(await buyFromTray(2000, d)).toEqual({ type: 'bought', credits: 2000 });
    expect(seen.asked).toEqual(['Buy 2,000 credits for $20.00 with Visa ••4242? [Buy]']);
    expect(seen.bought).toEqual([[2000, 'pm_1']]);
    expect(seen.checkout).toEqual([]);
  });

  it('a "no" charges nothing and opens nothing', async () => {
    const { d, seen } = withCard(false);
    expect(await buyFromTray(10_000, d)).toEqual({ type: 'cancelled' });
    expect(seen.asked).toEqual(['Buy 10,000 credits for $100.00 with Visa ••4242? [Buy]']);
    expect(seen).toMatchObject({ bought: [], checkout: [], opened: [], billing: 0 });
  });

  it('without a saved card it says the card is chosen in the browser, then opens Checkout', async () => {
    const { d, seen } = withCard(true, undefined, null);
    expect(await buyFromTray(500, d)).toMatchObject({ type: 'opened' });
    expect(seen.asked).toEqual(['Buy 500 credits for $5.00? You choose the card on the payment page in your browser. [Continue to payment]']);
    expect(seen.checkout).toEqual([500]);
  });

  it('a decline is told in the bank’s words and shows Billing', async () => {
    const { d, seen } = withCard(true, () => Promise.reject(new Error('payment declined: Your card has insufficient funds. — nothing was added')));
    expect(await buyFromTray(2000, d)).toMatchObject({ type: 'failed' });
    expect(seen.told).toEqual(['payment declined: Your card has insufficient funds. — nothing was added']);
    expect(seen.billing).toBe(1);
  });

  it('a bank that wants to check opens its page through the allow-list', async () => {
    const url = `${SANDBOX}/authenticate/pi_123`;
    const { d, seen } = withCard(true, () => Promise.resolve({ status: 'requires_action', actionUrl: url }));
    expect(await buyFromTray(2000, d)).toEqual({ type: 'opened', url });
    expect(seen.opened).toEqual([url]);
  });
});

describe('tray: a purchase whose outcome is not known is sent again with its key, never paid twice', () => {
  const VISA: TrayCard = { id: 'pm_1', brand: 'visa', last4: '4242' };
  const lost = () => new RefusedError('server_connection_lost', 'the connection broke; the request may or may not have been applied');
  const pending = () => Object.assign(new Error('no answer from Stripe for payment pay_1'), { code: 'payment_pending' });
  const declined = () => new RefusedError('card_declined', 'payment declined: Your card has insufficient funds.');

  /** Buys `credits` once with VISA; the engine answers `answer` (an error is thrown). Returns the key it was sent with. */
  async function buyOnce(credits: number, answer: Error | null): Promise<string> {
    let key = '';
    const d: TrayBuyDeps = {
      defaultCard: () => VISA,
      confirm: () => Promise.resolve(true),
      buy: (_credits, _id, k) => ((key = k), answer ? Promise.reject(answer) : Promise.resolve({ status: 'succeeded', actionUrl: null })),
      checkout: () => Promise.reject(new Error('not used')),
      sandboxOrigin: () => null,
      openExternal: () => Promise.resolve(),
      inform: () => undefined,
      showBilling: () => undefined,
    };
    await buyFromTray(credits, d);
    return key;
  }

  it.each([
    ['the team server’s answer was lost', lost],
    ['no answer from Stripe', pending],
  ])('%s: the same credits again go with the same key; once answered, the next purchase has a new one', async (_what, failure) => {
    const first = await buyOnce(2000, failure());
    expect(first).toMatch(/^tray:[0-9a-f-]{36}$/);
    expect(await buyOnce(2000, failure())).toBe(first);
    expect(await buyOnce(2000, null)).toBe(first);
    const next = await buyOnce(2000, null);
    expect(next).not.toBe(first);
  });

  it('another amount is another purchase (a new key); a refusal is an answer (a new key next time)', async () => {
    const first = await buyOnce(2000, lost());
    const other = await buyOnce(500, null);
    expect(other).not.toBe(first);
    const refusedKey = await buyOnce(2000, declined());
    expect(await buyOnce(2000, null)).not.toBe(refusedKey);
  });
});
