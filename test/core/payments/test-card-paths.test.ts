import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { bothStores } from '../../support/store-factory.js';
import { allIntents, type PaymentsFixture, startPaymentsFixture } from './payments-fixture.js';

/** What each Stripe test card does when saved, then charged for a $12.34 purchase. */
const CARDS: [pm: string, attach: 'ok' | RegExp, buy: 'succeeded' | 'requires_action' | RegExp, brand: string, last4: string, funding: string][] = [
  ['pm_card_visa', 'ok', 'succeeded', 'visa', '4242', 'credit'],
  ['pm_card_visa_debit', 'ok', 'succeeded', 'visa', '5556', 'debit'],
  ['pm_card_mastercard', 'ok', 'succeeded', 'mastercard', '4444', 'credit'],
  ['pm_card_mastercard_debit', 'ok', 'succeeded', 'mastercard', '8210', 'debit'],
  ['pm_card_amex', 'ok', 'succeeded', 'amex', '8431', 'credit'],
  ['pm_card_authenticationRequiredOnSetup', 'ok', 'succeeded', 'visa', '3155', 'credit'],
  ['pm_card_authenticationRequired', 'ok', 'requires_action', 'visa', '3184', 'credit'],
  [
    'pm_card_chargeCustomerFail',
    'ok',
    /^Your bank declined the card\. Try another card, or ask your bank why\. Nothing was charged\.$/,
    'visa',
    '0341',
    'credit',
  ],
  [
    'pm_card_visa_chargeDeclined',
    /^Your bank declined the card\. Try another card, or ask your bank why\. The card was not saved\.$/,
    /^Your bank declined the card\. .* Nothing was charged\.$/,
    'visa',
    '0002',
    'credit',
  ],
  [
    'pm_card_visa_chargeDeclinedInsufficientFunds',
    /^Your bank declined the card \(insufficient funds\)\. Try another card or add funds\. The card was not saved\.$/,
    /^Your bank declined the card \(insufficient funds\)\. Try another card or add funds\. Nothing was charged\.$/,
    'visa',
    '9995',
    'credit',
  ],
];

describe.each(bothStores())('every test card end to end through the SDK and the sandbox ($name)', (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
  });
  afterEach(() => f.stop());

  it.each(CARDS)('%s: save → %s, buy $12.34 → %s', async (pm, attach, buy, brand, last4, funding) => {
    if (attach === 'ok') {
      const card = await f.payments.addCard(pm);
      expect(card).toMatchObject({ brand, last4, funding, isDefault: true });
      expect(f.payments.savedCards()).toHaveLength(1);
    } else {
      await expect(f.payments.addCard(pm)).rejects.toThrow(attach);
      expect(f.payments.savedCards()).toHaveLength(0);
    }
    const card = attach === 'ok' ? f.payments.savedCards()[0]!.id : pm;
    if (buy instanceof RegExp) {
      await expect(f.payments.buy({ usd: '12.34', card })).rejects.toThrow(buy);
      expect(f.engine.ledger.balance()).toBe(0);
      expect(listEntries(f.engine.db)).toHaveLength(0);
      return;
    }
    const r = await f.payments.buy({ usd: '12.34', card });
    expect(r.status).toBe(buy);
    if (buy === 'succeeded') {
      expect(r.credits).toBe(1234);
      expect(f.engine.ledger.balance()).toBe(1234);
      const [entry] = listEntries(f.engine.db);
      expect(entry).toMatchObject({ kind: 'purchase', credits: 1234, reference: r.paymentIntent });
      expect(f.payments.receipt(r.paymentIntent!)).toMatchObject({ amountUsd: '12.34', credits: 1234, cardBrand: brand, cardLast4: last4 });
    } else {
      // The bank wants the card holder: nothing until they pass the challenge; then sync credits it once.
      expect(f.engine.ledger.balance()).toBe(0);
      await f.sandbox.authenticatePaymentIntent(r.paymentIntent!, 'succeed');
      const s1 = await f.payments.sync();
      const s2 = await f.payments.sync();
      expect(s1.credited.map((c) => c.credits)).toEqual([1234]);
      expect(s2.credited).toEqual([]);
      expect(f.engine.ledger.balance()).toBe(1234);
    }
    expect((await allIntents(f.stripe)).length).toBe(1);
  });

  it('buys each pack with the default card, each credited once with its PaymentIntent as reference', async () => {
    await f.payments.addCard('pm_card_visa');
    for (const pack of ['5', '10', '20', '50', '100']) await f.payments.buy({ pack });
    const entries = listEntries(f.engine.db);
    expect(entries.map((e) => e.credits)).toEqual([500, 1000, 2000, 5000, 10_000]);
    expect(new Set(entries.map((e) => e.reference)).size).toBe(5);
    expect(f.engine.ledger.balance()).toBe(18_500);
    expect((await allIntents(f.stripe)).filter((pi) => pi.status === 'succeeded')).toHaveLength(5);
  });

  it('sends the receipt email with each purchase once the account has one', async () => {
    await f.payments.setEmail('Lead@Example.com');
    await f.payments.addCard('pm_card_visa');
    const r = await f.payments.buy({ pack: '5' });
    const pi = await f.stripe.paymentIntents.retrieve(r.paymentIntent!);
    expect(pi.receipt_email).toBe('lead@example.com');
    expect(f.payments.receipt(r.paymentIntent!).receiptEmail).toBe('lead@example.com');
  });

  it.each([
    ['no email ever set', [null, null], null],
    ['an email set after the purchase', [null, 'late@example.com'], null],
    ['an email changed after the purchase', ['first@example.com', 'second@example.com'], 'first@example.com'],
    ['an email cleared after the purchase', ['first@example.com', null], 'first@example.com'],
  ] as const)('a receipt shows the email sent with that payment: %s', async (_what, [before, after], shown) => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.setEmail(before);
    const r = await f.payments.buy({ pack: '5' });
    await f.payments.setEmail(after);
    expect(f.payments.receipt(r.paymentIntent!).receiptEmail).toBe(shown);
    expect((await f.stripe.paymentIntents.retrieve(r.paymentIntent!)).receipt_email).toBe(shown);
  });

  it('removes and re-defaults cards; refuses unknown ids and non-pm ids', async () => {
    const a = await f.payments.addCard('pm_card_visa');
    const b = await f.payments.addCard('pm_card_mastercard');
    expect((await f.payments.setDefaultCard(b.id)).isDefault).toBe(true);
    await f.payments.removeCard(b.id);
    expect(f.payments.savedCards().map((c) => [c.id, c.isDefault])).toEqual([[a.id, true]]);
    await expect(f.payments.removeCard('pm_nope')).rejects.toThrow(/no saved card/);
    // A card number is never taken: it is told where cards are added (each host names its own way there).
    await expect(f.payments.addCard('4242 4242 4242 4242')).rejects.toMatchObject({
      code: 'invalid_card',
      message: 'that is a card number: cards are added on a browser page, never typed here',
      data: { cardNumber: true },
    });
    await expect(f.payments.addCard('card_4242')).rejects.toThrow(/not a payment method id/);
  });
});
