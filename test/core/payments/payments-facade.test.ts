import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Payments } from '../../../main/core/payments/payments.js';
import { bothStores } from '../../support/store-factory.js';
import { type PaymentsFixture, startPaymentsFixture } from './payments-fixture.js';

/**
 * Payments is the one door hosts use: methods only, answering what hosts used
 * to read from its collaborators (the payment store, the saved cards, the
 * account, the card setups).
 */
describe.each(bothStores())('the Payments facade ($name)', (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
  });
  afterEach(async () => {
    await f.stop();
  });

  it('exposes methods only: no collaborator to reach into', () => {
    const props = Object.keys(f.payments).filter((k) => typeof (f.payments as unknown as Record<string, unknown>)[k] !== 'function');
    // The wired parts and the sync queue are private; TypeScript refuses `payments.parts`, this keeps it at two.
    expect(props.sort()).toEqual(['parts', 'syncQueue']);
    const methods = Object.getOwnPropertyNames(Payments.prototype).filter((k) => k !== 'constructor');
    expect(methods).not.toEqual(expect.arrayContaining(['store']));
    expect(methods).toEqual(expect.arrayContaining(['savedCards', 'defaultCard', 'startCardSetup', 'cardSetupStatus', 'creditedEntry', 'waiting', 'account']));
  });

  it('says which cards are saved, the default, and the card auto-refill charges (pinned, else the default)', async () => {
    expect(f.payments.savedCards()).toEqual([]);
    expect(f.payments.defaultCard()).toBeNull();
    expect(f.payments.refillView().card).toBeNull();
    const visa = await f.payments.addCard('pm_card_visa');
    const mc = await f.payments.addCard('pm_card_mastercard');
    expect(f.payments.savedCards().map((c) => c.id)).toEqual([visa.id, mc.id]);
    expect(f.payments.defaultCard()).toEqual(visa);
    await f.payments.setRefill({ thresholdCredits: 100, amountCredits: 2000 });
    expect(f.payments.refillView().card).toEqual(visa);
    await f.payments.setRefill({ thresholdCredits: 100, amountCredits: 2000, cardId: mc.id });
    expect(f.payments.refillView().card).toEqual(mc);
  });

  it('gives the account (email, customer) and the ledger entry a purchase credited', async () => {
    expect(f.payments.account()).toEqual({ email: null, customer: null });
    await f.payments.setEmail('Pay@Example.com');
    await f.payments.addCard('pm_card_visa');
    const r = await f.payments.buy({ credits: 1234 });
    expect(f.payments.account()).toEqual({ email: 'pay@example.com', customer: expect.stringMatching(/^cus_/) });
    expect(f.payments.creditedEntry(r.payment)).toEqual(f.engine.ledger.findByKey(`payment:${r.paymentIntent}`));
    expect(f.payments.creditedEntry(r.payment)).toMatchObject({ kind: 'purchase', credits: 1234 });
    expect(f.payments.creditedEntry(r.payment + 1000)).toBeNull();
  });

  it('says what a sync would find: an open Checkout page, a payment whose answer was lost, one waiting for the card holder', async () => {
    expect(f.payments.waiting()).toEqual({ browserPageOpen: false, outcomeUnknown: 0, awaitingAction: 0 });
    const c = await f.payments.checkout({ credits: 500 });
    expect(f.payments.waiting()).toMatchObject({ browserPageOpen: true });
    expect(await f.payments.checkoutStatus(c.sessionId)).toMatchObject({ status: 'open', entry: null });
    await f.payments.addCard('pm_card_visa');
    f.sandbox.faults.next('drop', 100, { pathPrefix: '/v1/payment_intents' });
    await expect(f.payments.buy({ credits: 500 })).rejects.toMatchObject({ code: 'payment_pending' });
    f.sandbox.faults.reset();
    expect(f.payments.waiting()).toMatchObject({ outcomeUnknown: 1 });
    await f.payments.resolvePending();
    expect(f.payments.waiting()).toMatchObject({ outcomeUnknown: 0 });
    await f.payments.addCard('pm_card_authenticationRequired');
    const cards = f.payments.savedCards();
    await f.payments.buy({ credits: 500, card: cards[cards.length - 1]!.id });
    expect(f.payments.waiting()).toMatchObject({ awaitingAction: 1 });
  });

  it('opens a card setup page and says where it stands', async () => {
    const s = await f.payments.startCardSetup();
    expect(f.payments.waiting().browserPageOpen).toBe(true);
    expect(await f.payments.cardSetupStatus(s.sessionId)).toEqual({ sessionId: s.sessionId, status: 'open', card: null, lastDecline: null });
  });
});
