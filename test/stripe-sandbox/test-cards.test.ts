import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

interface CardCase {
  id: string;
  brand: string;
  last4: string;
  funding: 'credit' | 'debit';
  /** null: attaching succeeds; otherwise the decline_code of the 402. */
  attachDecline: string | null;
  /** Off-session confirm: 'succeeded' or the [code, decline_code] of the 402. */
  offSession: 'succeeded' | [string, string];
  /** On-session confirm: a status, or the [code, decline_code] of the 402. */
  onSession: 'succeeded' | 'requires_action' | [string, string];
}

const DECLINED: [string, string] = ['card_declined', 'generic_decline'];

const CASES: CardCase[] = [
  { id: 'pm_card_visa', brand: 'visa', last4: '4242', funding: 'credit', attachDecline: null, offSession: 'succeeded', onSession: 'succeeded' },
  { id: 'pm_card_visa_debit', brand: 'visa', last4: '5556', funding: 'debit', attachDecline: null, offSession: 'succeeded', onSession: 'succeeded' },
  { id: 'pm_card_mastercard', brand: 'mastercard', last4: '4444', funding: 'credit', attachDecline: null, offSession: 'succeeded', onSession: 'succeeded' },
  {
    id: 'pm_card_mastercard_debit',
    brand: 'mastercard',
    last4: '8210',
    funding: 'debit',
    attachDecline: null,
    offSession: 'succeeded',
    onSession: 'succeeded',
  },
  { id: 'pm_card_amex', brand: 'amex', last4: '8431', funding: 'credit', attachDecline: null, offSession: 'succeeded', onSession: 'succeeded' },
  {
    id: 'pm_card_visa_chargeDeclined',
    brand: 'visa',
    last4: '0002',
    funding: 'credit',
    attachDecline: 'generic_decline',
    offSession: DECLINED,
    onSession: DECLINED,
  },
  {
    id: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    attachDecline: 'insufficient_funds',
    offSession: ['card_declined', 'insufficient_funds'],
    onSession: ['card_declined', 'insufficient_funds'],
  },
  { id: 'pm_card_chargeCustomerFail', brand: 'visa', last4: '0341', funding: 'credit', attachDecline: null, offSession: DECLINED, onSession: DECLINED },
  {
    id: 'pm_card_authenticationRequired',
    brand: 'visa',
    last4: '3184',
    funding: 'credit',
    attachDecline: null,
    offSession: ['authentication_required', 'authentication_required'],
    onSession: 'requires_action',
  },
  {
    id: 'pm_card_authenticationRequiredOnSetup',
    brand: 'visa',
    last4: '3155',
    funding: 'credit',
    attachDecline: null,
    offSession: 'succeeded',
    onSession: 'succeeded',
  },
];

const MESSAGES: Record<string, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  authentication_required: 'Your card was declined. This transaction requires authentication.',
};

describe('test cards', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  describe.each(CASES)('$id', (c) => {
    it(`attaches as ${c.brand} •••• ${c.last4} (${c.funding}) or declines as Stripe does`, async () => {
      const customer = await h.stripe.customers.create({ email: 'lead@example.com' });
      if (c.attachDecline) {
        const err = await rejection(h.stripe.paymentMethods.attach(c.id, { customer: customer.id }));
        expect(err.type).toBe('StripeCardError');
        expect(err.statusCode).toBe(402);
        expect(err.decline_code).toBe(c.attachDecline);
        expect(err.message).toBe(MESSAGES[c.attachDecline]);
        // Stripe names no parameter for a bank's refusal: an empty `param` would point nowhere.
        expect(err.param).toBeUndefined();
        const listed = await h.stripe.customers.listPaymentMethods(customer.id);
        expect(listed.data).toHaveLength(0);
        return;
      }
      const pm = await h.stripe.paymentMethods.attach(c.id, { customer: customer.id });
      expect(pm.id).toMatch(/^pm_/);
      expect(pm.id).not.toBe(c.id);
      expect(pm.customer).toBe(customer.id);
      expect(pm.card).toMatchObject({ brand: c.brand, last4: c.last4, funding: c.funding, country: 'US' });
      expect(pm.card?.exp_year).toBeGreaterThan(2030);
      // Stripe's fingerprints are 16 letters and digits, the same for the same card number.
      expect(pm.card?.fingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
      expect((await h.stripe.paymentMethods.attach(c.id, { customer: customer.id })).card?.fingerprint).toBe(pm.card?.fingerprint);
    });

    it(`off-session charge → ${Array.isArray(c.offSession) ? c.offSession.join('/') : c.offSession}`, async () => {
      const customer = await h.stripe.customers.create({});
      // Cards refused at attach are charged straight from the test id, which Stripe also allows.
      const pm = c.attachDecline ? c.id : (await h.stripe.paymentMethods.attach(c.id, { customer: customer.id })).id;
      const params = {
        amount: 2000,
        currency: 'usd',
        customer: c.attachDecline ? undefined : customer.id,
        payment_method: pm,
        confirm: true,
        off_session: true,
      };
      if (c.offSession === 'succeeded') {
        const pi = await h.stripe.paymentIntents.create(params);
        expect(pi.status).toBe('succeeded');
        expect(pi.amount_received).toBe(2000);
        const charge = await h.stripe.charges.retrieve(pi.latest_charge as string);
        expect(charge.payment_method_details?.card).toMatchObject({ brand: c.brand, last4: c.last4, funding: c.funding });
        return;
      }
      const [code, declineCode] = c.offSession;
      const err = await rejection(h.stripe.paymentIntents.create(params));
      expect(err.type).toBe('StripeCardError');
      expect(err.statusCode).toBe(402);
      expect(err.code).toBe(code);
      expect(err.decline_code).toBe(declineCode);
      expect(err.message).toBe(MESSAGES[declineCode]);
      expect(err.payment_intent?.status).toBe('requires_payment_method');
      expect(err.payment_intent?.last_payment_error?.code).toBe(code);
      expect((err.payment_method as { card?: { last4?: string } } | undefined)?.card?.last4).toBe(c.last4);
      const stored = await h.stripe.paymentIntents.retrieve(err.payment_intent?.id as string);
      expect(stored.status).toBe('requires_payment_method');
      expect(stored.last_payment_error?.decline_code).toBe(declineCode);
      const failed = await h.stripe.charges.retrieve(stored.latest_charge as string);
      expect(failed.status).toBe('failed');
      expect(failed.failure_code).toBe(code);
    });

    it(`on-session charge → ${Array.isArray(c.onSession) ? c.onSession.join('/') : c.onSession}`, async () => {
      const params = { amount: 1000, currency: 'usd', payment_method: c.id, confirm: true };
      if (Array.isArray(c.onSession)) {
        const err = await rejection(h.stripe.paymentIntents.create(params));
        expect([err.statusCode, err.code, err.decline_code]).toEqual([402, ...c.onSession]);
        return;
      }
      const pi = await h.stripe.paymentIntents.create(params);
      expect(pi.status).toBe(c.onSession);
      if (c.onSession === 'requires_action') {
        expect(pi.next_action?.type).toBe('redirect_to_url');
        expect(pi.next_action?.redirect_to_url?.url).toBe(`${h.handle.url}/authenticate/${pi.id}`);
        expect(pi.latest_charge).toBeNull();
      }
    });
  });
});
