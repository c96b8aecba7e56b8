import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { SimulatedClock } from '../../../main/core/clock.js';
import { PaymentStore } from '../../../main/core/payments/payment-store.js';
import { patchRefillState } from '../../../main/core/payments/refill-store.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../../main/host/handlers/handler-types.js';
import { PushHub } from '../../../main/host/handlers/push-hub.js';
import { allowedExternalUrl } from '../../../main/host/url-allow-list.js';
import { MemoryKeyVault } from '../../../main/host/web/memory-key-vault.js';
import type { Reply } from '../../../preload/contract.js';

/** Built at run time so no live-key pattern sits in the repository. */
const LIVE_PREFIX = ['sk', 'live', ''].join('_');

const table = createHandlerTable();
let services: Services;
let ctx: HandlerContext;
let vault: MemoryKeyVault;

beforeEach(async () => {
  vault = new MemoryKeyVault();
  // No key configured: the built-in sandbox starts in-process on first payment.
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse('2025-03-03T09:00:00Z')), env: {}, stripeKey: () => vault.read() });
  ctx = { services, transport: 'web', testControls: false, version: '0.0.0-test', host: { stripeKeys: vault } };
});
afterEach(async () => services.close());

async function call<T = unknown>(channel: string, input: unknown): Promise<Reply<T>> {
  return (await dispatch(table, ctx, channel, input)).reply as Reply<T>;
}

async function ok<T = Record<string, unknown>>(channel: string, input: unknown): Promise<T> {
  const r = await call<T>(channel, input);
  if ('error' in r) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.result;
}

/** Everything a refused payments request must leave as it was. */
function state() {
  const db = services.engine.db;
  return JSON.stringify({
    balance: services.engine.ledger.balance(),
    entries: db.prepare('SELECT count(*) FROM ledger_entries').pluck().get(),
    payments: db.prepare('SELECT count(*) FROM payments').pluck().get(),
    cards: services.payments.savedCards(),
    refill: services.payments.refillView(),
    email: services.payments.account().email,
    key: vault.has(),
  });
}

describe('payments handlers refuse bad input before anything changes', () => {
  it.each([
    ['payments/purchase', { credits: 1e3 + 0.5, cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: 5.005, cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: 99, cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: 1_000_001, cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: null, cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: '2000', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: 'NaN', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: '1e3', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: '5.005', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: 'NaN', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: 'ten dollars', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: '-5', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: '0.99', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { usd: '10000.01', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { credits: 500, usd: '5', cardId: 'pm_card_visa' }, 'invalid_input'],
    ['payments/purchase', { cardId: 'pm_card_visa' }, 'invalid_input'],
    // No card named: the default one, and with none saved the core's refusal (the CLI's `credits buy` without --card).
    ['payments/purchase', { credits: 500 }, 'no_card'],
    // A card as typed is only bounded here: the core refuses one it does not know, naming the saved cards.
    ['payments/purchase', { credits: 500, cardId: '../../etc' }, 'unknown_card'],
    ['payments/purchase', { credits: 500, cardId: 'pm_'.padEnd(256, 'x') }, 'invalid_input'],
    ['payments/purchase', { credits: 500, cardId: 42 }, 'invalid_input'],
    ['payments/purchase', { credits: 500, cardId: 'pm_nosuchcard' }, 'unknown_card'],
    ['payments/checkout', { credits: 50.5 }, 'invalid_input'],
    ['payments/checkout', { usd: '1e3' }, 'invalid_input'],
    ['payments/checkout', {}, 'invalid_input'],
    ['payments/checkoutStatus', { sessionId: 'pi_123' }, 'invalid_input'],
    ['payments/checkoutStatus', { sessionId: 'cs_test_unknown' }, 'unknown_checkout'],
    ['payments/receipt', { paymentIntent: 'pi_nope' }, 'unknown_payment'],
    ['payments/receipt', { paymentIntent: 'pi_'.padEnd(256, 'x') }, 'invalid_input'],
    ['payments/receipt', {}, 'invalid_input'],
    ['payments/addCard', { paymentMethodId: '4242424242424242' }, 'invalid_card'],
    ['payments/addCard', { paymentMethodId: 'card_visa' }, 'invalid_card'],
    ['payments/addCard', { paymentMethodId: 'pm_'.padEnd(256, 'x') }, 'invalid_input'],
    ['payments/addCard', { paymentMethodId: 42 }, 'invalid_input'],
    ['payments/setupCard', { card: '4242424242424242' }, 'invalid_input'],
    ['payments/cardSetupStatus', { sessionId: 'seti_123' }, 'invalid_input'],
    ['payments/cardSetupStatus', { sessionId: 'cs_test_unknown' }, 'unknown_card_setup'],
    ['payments/removeCard', { cardId: '' }, 'invalid_input'],
    ['payments/removeCard', { cardId: 'pm_card_visa' }, 'unknown_card'],
    ['payments/removeCardReport', { cardId: 'pm_card_visa' }, 'unknown_card'],
    ['payments/setDefaultCard', { cardId: 'pm_nope' }, 'unknown_card'],
    ['payments/setAutoRefill', { amount: 50 }, 'invalid_input'],
    ['payments/setAutoRefill', { amount: 2000.5 }, 'invalid_input'],
    ['payments/setAutoRefill', { threshold: -1 }, 'invalid_input'],
    ['payments/setAutoRefill', { maxPerDay: 0 }, 'invalid_input'],
    ['payments/setAutoRefill', { enabled: 'yes' }, 'invalid_input'],
    ['payments/setAutoRefill', { enabled: true, threshold: 500, amount: 2000 }, 'no_card'],
    ['payments/sync', { now: true }, 'invalid_input'],
    ['payments/getMode', { key: 'x' }, 'invalid_input'],
    ['payments/setMode', { mode: 'live' }, 'invalid_input'],
    ['payments/setMode', { mode: 'stripe_test', secretKey: LIVE_PREFIX + 'abc123' }, 'live_key_refused'],
    ['payments/setMode', { mode: 'stripe_test', secretKey: 'not a key' }, 'invalid_stripe_key'],
    ['payments/setMode', { mode: 'stripe_test' }, 'no_stripe_key'],
    ['payments/setMode', { mode: 'sandbox', secretKey: 'sk_test_abc' }, 'invalid_input'],
    ['payments/setEmail', { email: 'not an email' }, 'invalid_email'],
    // Over 254 characters: the core's one rule for the address, the same refusal the CLI gets.
    ['payments/setEmail', { email: `${'a'.repeat(250)}@example.com` }, 'invalid_email'],
    ['payments/setEmail', { email: 42 }, 'invalid_input'],
    ['payments/setEmail', {}, 'invalid_input'],
  ])('%s %j → %s', async (channel, input, code) => {
    const before = state();
    const r = await call(channel, input);
    expect(r).toMatchObject({ error: { code } });
    if ('error' in r) expect(r.error.message.length).toBeGreaterThan(10);
    expect(state()).toBe(before);
  });

  it('says why a live key is refused, in the SPEC’s words, and never echoes it', async () => {
    const r = await call('payments/setMode', { mode: 'stripe_test', secretKey: LIVE_PREFIX + 'SECRET123' });
    expect(r).toMatchObject({ error: { code: 'live_key_refused' } });
    if ('error' in r) {
      expect(r.error.message).toMatch(/accepted only by a team server/);
      expect(r.error.message).not.toContain('SECRET123');
    }
  });
});

describe('payments handlers against the built-in sandbox', () => {
  it('buys a pack with a saved card: credits once, the entry, the balance', async () => {
    const card = await ok<{ id: string; brand: string; last4: string; isDefault: boolean }>('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true });
    const r = await ok<Record<string, unknown>>('payments/purchase', { credits: 2000, cardId: card.id });
    expect(r).toMatchObject({
      status: 'succeeded',
      credits: 2000,
      balance: 2000,
      declineCode: null,
      actionUrl: null,
      entry: { kind: 'purchase', credits: 2000, balanceAfter: 2000 },
    });
    expect(String(r.purchaseId)).toMatch(/^pi_/);
    expect(r.message).toMatch(/2,000 credits \(\$20\.00\)/);
    expect(services.engine.ledger.balance()).toBe(2000);
  });

  it.each([
    ['7,50', 'Use a dot for cents: write 7.50'],
    ['1,000', 'Use a dot for cents; a comma is read only between thousands with cents, as in 1,000.00'],
    ['0.50', 'Minimum $1.00'],
    ['20000', 'Maximum $10,000.00 per purchase'],
    ['7.505', 'Whole cents only: at most two digits after the dot'],
  ])('payments/parseAmount reads %j with the one money parser and refuses it: "%s" (issue 10: 7,50 bought $750)', async (text, reason) => {
    expect(await call('payments/parseAmount', { text })).toEqual({ error: { code: 'invalid_amount', message: reason } });
  });

  it.each([
    ['7.50', 750],
    ['$1,000.00', 100_000],
    [' 20 ', 2000],
  ])('payments/parseAmount reads %j as %i credits', async (text, credits) => {
    expect(await ok('payments/parseAmount', { text })).toEqual({ credits });
  });

  it('buys a custom dollar amount typed as text', async () => {
    const card = await ok<{ id: string }>('payments/addCard', { paymentMethodId: 'pm_card_mastercard' });
    expect(await ok('payments/purchase', { usd: '25.50', cardId: card.id })).toMatchObject({ status: 'succeeded', credits: 2550, balance: 2550 });
  });

  it('a decline on a saved card answers with the bank’s message and adds nothing', async () => {
    const card = await ok<{ id: string }>('payments/addCard', { paymentMethodId: 'pm_card_chargeCustomerFail' });
    const r = await call('payments/purchase', { credits: 500, cardId: card.id });
    expect(r).toMatchObject({ error: { code: 'card_declined' } });
    if ('error' in r) expect(r.error.message).toMatch(/^Your bank declined the card\. Try another card, or ask your bank why\. Nothing was charged\.$/);
    expect(services.engine.ledger.balance()).toBe(0);
    expect(services.engine.db.prepare("SELECT count(*) FROM ledger_entries WHERE kind = 'purchase'").pluck().get()).toBe(0);
  });

  it('a card whose bank asks for authentication: requires_action with an allow-listed sandbox page, nothing added yet', async () => {
    const card = await ok<{ id: string }>('payments/addCard', { paymentMethodId: 'pm_card_authenticationRequired' });
    const r = await ok<{ status: string; actionUrl: string | null; entry: unknown; balance: number }>('payments/purchase', { credits: 500, cardId: card.id });
    expect(r).toMatchObject({ status: 'requires_action', entry: null, balance: 0 });
    expect(allowedExternalUrl(r.actionUrl, { sandboxOrigin: services.payments.sandboxOrigin() })).toBe(r.actionUrl);
  });

  it('lists, defaults and removes cards', async () => {
    const a = await ok<{ id: string }>('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    const b = await ok<{ id: string }>('payments/addCard', { paymentMethodId: 'pm_card_amex' });
    const after = await ok<{ id: string; isDefault: boolean }[]>('payments/setDefaultCard', { cardId: b.id });
    expect(after.find((c) => c.isDefault)?.id).toBe(b.id);
    const left = await ok<{ id: string }[]>('payments/removeCard', { cardId: b.id });
    expect(left.map((c) => c.id)).toEqual([a.id]);
    expect(await ok('payments/cards', {})).toMatchObject([{ id: a.id, isDefault: true }]);
    const c = await ok<{ id: string }>('payments/addCard', { paymentMethodId: 'pm_card_mastercard' });
    expect(await ok('payments/removeCardReport', { cardId: c.id })).toEqual({
      removed: expect.objectContaining({ id: c.id, brand: 'mastercard', last4: '4444' }),
      refill: null,
      cards: [expect.objectContaining({ id: a.id, isDefault: true })],
    });
  });

  it('Checkout: a sandbox URL the allow-list accepts, then polled to complete and credited once (a poll asks about its session, no full sync)', async () => {
    const fullSync = vi.spyOn(services.payments, 'sync');
    const r = await ok<{ url: string; sessionId: string; purchaseId: string }>('payments/checkout', { credits: 1000 });
    const origin = services.payments.sandboxOrigin();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(allowedExternalUrl(r.url, { sandboxOrigin: origin })).toBe(r.url);
    expect(await ok('payments/checkoutStatus', { sessionId: r.sessionId })).toMatchObject({ status: 'open', entry: null, balance: 0 });
    // The card holder pays on the sandbox's page (no API key: the app's own sandbox accepts only its own).
    const paid = await fetch(`${origin}/checkout/${r.sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_visa',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(await ok('payments/checkoutStatus', { sessionId: r.sessionId })).toMatchObject({
      status: 'complete',
      credits: 1000,
      balance: 1000,
      entry: { credits: 1000 },
    });
    expect(await ok('payments/checkoutStatus', { sessionId: r.sessionId })).toMatchObject({ status: 'complete', balance: 1000 });
    expect(fullSync).not.toHaveBeenCalled();
    expect(await ok('payments/sync', {})).toMatchObject({ applied: 0, balance: 1000 });
  });

  it('Add card: a setup page the allow-list accepts; a card number is never taken; the card saved on the page comes back once', async () => {
    const typed = await call('payments/addCard', { paymentMethodId: '4000 0000 0000 0002' });
    expect(typed).toMatchObject({
      error: { code: 'invalid_card', message: expect.stringMatching(/that is a card number: cards are added on a browser page, never typed here/) },
    });
    const r = await ok<{ url: string; sessionId: string; sandbox: boolean }>('payments/setupCard', {});
    const origin = services.payments.sandboxOrigin();
    expect(r.sandbox).toBe(true);
    expect(allowedExternalUrl(r.url, { sandboxOrigin: origin })).toBe(r.url);
    const post = (body: string) =>
      fetch(`${origin}/checkout/${r.sessionId}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
    expect((await post('card_number=4000000000009995')).status).toBe(402);
    expect(await ok('payments/cardSetupStatus', { sessionId: r.sessionId })).toEqual({
      sessionId: r.sessionId,
      status: 'open',
      card: null,
      lastDecline: 'Your bank declined the card (insufficient funds). Try another card or add funds.',
    });
    expect((await post('payment_method=pm_card_amex')).status).toBe(303);
    const done = await ok<{ card: { id: string } }>('payments/cardSetupStatus', { sessionId: r.sessionId });
    expect(done).toMatchObject({ status: 'complete', lastDecline: null, card: { brand: 'amex', last4: '8431', funding: 'credit', isDefault: true } });
    expect(await ok('payments/cards', {})).toEqual([expect.objectContaining({ id: done.card.id })]);
  });

  it('auto-refill: on with the plain-words figures, in the snapshot, then off', async () => {
    await ok('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    await ok('payments/purchase', { credits: 10_000, cardId: 'pm_card_visa' });
    const d = await services.engine.createDeployment({ name: 'm', model: 'mistral-7b', paramsB: 7, precision: 'fp16', tier: 'M' });
    await services.engine.startDeployment(d.id);
    const on = await ok('payments/setAutoRefill', { enabled: true, threshold: 500, amount: 2000 });
    // GPU M burns 180 credits an hour: 2,000 credits last about 11.1 hours.
    expect(on).toMatchObject({ enabled: true, threshold: 500, amount: 2000, card: { brand: 'visa', last4: '4242' }, everyHours: 11.1, blockedReason: null });
    expect(await ok('payments/getAutoRefill', {})).toEqual(on);
    const snap = await ok<{ autoRefill: unknown }>('snapshot/get', {});
    expect(snap.autoRefill).toEqual({
      enabled: true,
      threshold: 500,
      amount: 2000,
      card: { brand: 'visa', last4: '4242', label: 'Visa ••4242' },
      everyHours: 11.1,
    });
    const off = await ok('payments/setAutoRefill', { enabled: false });
    expect(off).toMatchObject({ enabled: false, threshold: 500, amount: 2000 });
    expect((await ok<{ autoRefill: { enabled: boolean } }>('snapshot/get', {})).autoRefill.enabled).toBe(false);
  });

  it('no burn: auto-refill has no "every N hours" figure', async () => {
    await ok('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    expect(await ok('payments/setAutoRefill', { enabled: true, threshold: 1, amount: 2000 })).toMatchObject({ enabled: true, everyHours: null });
  });
});

describe('payments mode and account', () => {
  it('starts in the sandbox with no key; a test key is kept (in memory here) and never returned', async () => {
    expect(await ok('payments/getMode', {})).toEqual({
      mode: 'sandbox',
      keyStored: false,
      keyProtection: null,
      keyFromEnvironment: false,
      keyStorage: 'memory',
    });
    const r = await call('payments/setMode', { mode: 'stripe_test', secretKey: 'sk_test_abcDEF123' });
    expect(r).toEqual({ result: { mode: 'stripe_test', keyStored: true, keyProtection: 'memory', keyFromEnvironment: false, keyStorage: 'memory' } });
    expect(JSON.stringify(r)).not.toContain('abcDEF123');
    expect(vault.read()).toBe('sk_test_abcDEF123');
    expect(await ok('payments/setMode', { mode: 'sandbox' })).toMatchObject({ mode: 'sandbox', keyStored: false });
    expect(vault.read()).toBeNull();
  });

  it.each([
    { what: 'a payment pending on the backend in use blocks the switch', sentTo: 'acct_current', refused: true },
    { what: 'a payment pending from before backends were told apart blocks it', sentTo: undefined, refused: true },
    { what: "another backend's pending payment (Sync cannot resolve it here) does not", sentTo: 'acct_other', refused: false },
  ])('$what, exactly when Sync counts it as pending', async ({ sentTo, refused }) => {
    services.engine.settings.set('payments.backend', z.string(), 'acct_current');
    new PaymentStore(services.engine.db).insert({
      kind: 'purchase',
      credits: 500,
      cardId: null,
      status: 'pending',
      now: 0,
      keyFor: (id) => `test-${id}`,
      request: () => ({ backend: sentTo }),
    });
    expect(services.payments.waiting().outcomeUnknown).toBe(refused ? 1 : 0);
    const r = await call('payments/setMode', { mode: 'stripe_test', secretKey: 'sk_test_abc' });
    expect(r).toMatchObject(refused ? { error: { code: 'payments_pending' } } : { result: { mode: 'stripe_test' } });
    expect(vault.has()).toBe(!refused);
  });

  it('refuses a mode change when the host cannot store keys', async () => {
    ctx = { ...ctx, host: {} };
    expect(await call('payments/setMode', { mode: 'stripe_test', secretKey: 'sk_test_abc' })).toMatchObject({ error: { code: 'not_available' } });
  });

  it('sets, reads and clears the receipt email', async () => {
    expect(await ok('payments/getAccount', {})).toEqual({ email: null, customer: null });
    expect(await ok('payments/setEmail', { email: ' Lead@Example.com ' })).toEqual({ email: 'lead@example.com' });
    expect(await ok('payments/getAccount', {})).toEqual({ email: 'lead@example.com', customer: null });
    expect(await ok('payments/setEmail', { email: null })).toEqual({ email: null });
  });

  it('names the Stripe customer once a card made one (what `account show` prints)', async () => {
    await ok('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    expect(await ok('payments/getAccount', {})).toEqual({ email: null, customer: expect.stringMatching(/^cus_/) });
  });

  it('lists the five packs', async () => {
    expect(await ok<{ credits: number }[]>('payments/packs', {})).toEqual(
      [500, 1000, 2000, 5000, 10000].map((c) => ({ credits: c, amountCents: c, label: `$${c / 100}` })),
    );
  });
});

describe('wake-ups credit a Checkout paid in the browser', () => {
  it('the push hub polls open Checkouts on refresh and pushes the new balance', async () => {
    const hub = new PushHub(services);
    const balances: number[] = [];
    hub.subscribe((event, payload) => {
      if (event === 'snapshot/changed') balances.push((payload as { balance: number }).balance);
    });
    const r = await ok<{ sessionId: string }>('payments/checkout', { credits: 500 });
    await hub.refresh();
    await hub.paymentsSynced();
    const paid = await fetch(`${services.payments.sandboxOrigin()}/checkout/${r.sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_visa',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await hub.refresh();
    await hub.paymentsSynced();
    expect(balances).toEqual([0, 500]);
    expect(new PaymentStore(services.engine.db).bySession(r.sessionId)?.status).toBe('succeeded');
  });
});

describe('snapshot banners from payments', () => {
  const kinds = async () => (await ok<{ banners: { kind: string }[] }>('snapshot/get', {})).banners.map((b) => b.kind);

  it('a refill waiting for the card holder asks them to confirm it', async () => {
    expect(await kinds()).toEqual([]);
    // The state the payments module records when the bank asks for authentication off-session.
    patchRefillState(services.engine.db, { needsAction: 'pi_waiting' });
    expect(await kinds()).toEqual(['authentication_required']);
    expect(await ok('payments/getAutoRefill', {})).toMatchObject({ blockedReason: expect.stringMatching(/confirm/) });
  });

  it('auto-refill turned off after three failures in a row says so; turned off by hand it does not', async () => {
    await ok('payments/setAutoRefill', { enabled: false });
    expect(await kinds()).toEqual([]);
    patchRefillState(services.engine.db, { failures: 3 });
    expect(await kinds()).toEqual(['auto_refill_disabled']);
  });
});
