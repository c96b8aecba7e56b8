import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toEvent } from '../../../main/adapters/payments/stripe-gateway.js';
import { SandboxActionError } from '../../../main/stripe-sandbox/index.js';
import { bothStores } from '../../support/store-factory.js';
import { startPaymentsFixture, type PaymentsFixture } from './payments-fixture.js';

describe.each(bothStores())('adding a card in the browser (Checkout in setup mode) ($name)', (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
  });
  afterEach(() => f.stop());

  it('opens a setup page for the account customer; nothing is saved until the page completes', async () => {
    const r = await f.payments.startCardSetup();
    expect(r.url).toBe(`${f.sandbox.url}/checkout/${r.sessionId}`);
    const session = await f.stripe.checkout.sessions.retrieve(r.sessionId);
    expect(session).toMatchObject({ mode: 'setup', customer: f.payments.account().customer, metadata: { app: 'burnrate', burnrate_kind: 'card_setup' } });
    // The sandbox's own "Card saved — return to Burnrate" page is where it lands.
    expect(session.success_url).toBe(`${f.sandbox.url}/checkout/return?outcome=success&session_id={CHECKOUT_SESSION_ID}`);
    expect(await f.payments.cardSetupStatus(r.sessionId)).toEqual({ sessionId: r.sessionId, status: 'open', card: null, lastDecline: null });
    expect(f.payments.savedCards()).toEqual([]);
  });

  it('a declined try says so in plain words and keeps waiting; the next card is saved once, as the default', async () => {
    const r = await f.payments.startCardSetup();
    await expect(f.sandbox.completeCheckout(r.sessionId, 'pm_card_visa_chargeDeclinedInsufficientFunds')).rejects.toBeInstanceOf(SandboxActionError);
    expect(await f.payments.cardSetupStatus(r.sessionId)).toMatchObject({
      status: 'open',
      card: null,
      lastDecline: 'Your bank declined the card (insufficient funds). Try another card or add funds.',
    });
    await f.sandbox.completeCheckout(r.sessionId, 'pm_card_mastercard');
    const done = await f.payments.cardSetupStatus(r.sessionId);
    expect(done).toMatchObject({ status: 'complete', lastDecline: null, card: { brand: 'mastercard', last4: '4444', isDefault: true } });
    // Asked again (the UI after the CLI): the same card, not a second one.
    expect(await f.payments.cardSetupStatus(r.sessionId)).toEqual(done);
    expect(f.payments.savedCards().map((c) => c.id)).toEqual([done.card?.id]);
    const customer = await f.stripe.customers.retrieve(f.payments.account().customer!);
    expect((customer as { invoice_settings: { default_payment_method: string } }).invoice_settings.default_payment_method).toBe(done.card?.id);
    // The saved card pays.
    expect(await f.payments.buy({ pack: '5' })).toMatchObject({ status: 'succeeded', credits: 500 });
  });

  it('sync saves a card completed while nobody asked, and reports it', async () => {
    await f.payments.addCard('pm_card_visa');
    const r = await f.payments.startCardSetup();
    await f.sandbox.completeCheckout(r.sessionId, 'pm_card_amex');
    const report = await f.payments.sync();
    expect(report.cardsAdded).toEqual([{ id: expect.stringMatching(/^pm_/), brand: 'amex', last4: '8431' }]);
    expect(f.payments.savedCards().map((c) => [c.brand, c.isDefault])).toEqual([
      ['visa', true],
      ['amex', false],
    ]);
    expect((await f.payments.sync()).cardsAdded).toEqual([]);
  });

  it("a pushed checkout.session.completed (the team server's webhook) saves the card at once, once, with no sync", async () => {
    const r = await f.payments.startCardSetup();
    await f.sandbox.completeCheckout(r.sessionId, 'pm_card_visa');
    const completed = (await f.stripe.events.list({ type: 'checkout.session.completed', limit: 10 })).data.find(
      (e) => (e.data.object as { id: string }).id === r.sessionId,
    )!;
    const report = await f.payments.applyPushedEvent(toEvent(completed));
    expect(report.cardsAdded).toEqual([{ id: expect.stringMatching(/^pm_/), brand: 'visa', last4: '4242' }]);
    expect(f.payments.waiting().browserPageOpen).toBe(false);
    // Delivered again: nothing more (the setup is finished, the event applied).
    expect((await f.payments.applyPushedEvent(toEvent(completed))).cardsAdded).toEqual([]);
    expect(f.payments.savedCards().map((c) => [c.brand, c.isDefault])).toEqual([['visa', true]]);
  });

  it('an expired page ends the setup with nothing saved; unknown sessions are refused', async () => {
    const r = await f.payments.startCardSetup();
    expect(f.payments.waiting().browserPageOpen).toBe(true);
    f.clock.advance(24 * 3600 * 1000);
    expect(await f.payments.cardSetupStatus(r.sessionId)).toEqual({ sessionId: r.sessionId, status: 'expired', card: null, lastDecline: null });
    expect(f.payments.waiting().browserPageOpen).toBe(false);
    expect(f.payments.savedCards()).toEqual([]);
    await expect(f.payments.cardSetupStatus('cs_test_a1nothere')).rejects.toMatchObject({ code: 'unknown_card_setup' });
  });
});
