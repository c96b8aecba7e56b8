/** Stripe's test payment methods (`pm_card_*`): the card they stand for and how it behaves. */

/** A card decline as Stripe reports it. */
export interface Decline {
  code: 'card_declined' | 'authentication_required';
  declineCode: string;
  message: string;
}

/** What happens when the card is charged. */
export type ChargeBehaviour =
  | { kind: 'succeed' }
  | { kind: 'decline'; decline: Decline }
  /** 3-D Secure on every payment: on-session → requires_action; off-session → authentication_required. */
  | { kind: 'authenticate' };

/** Facts and behaviour of one test payment method. */
export interface TestCard {
  token: string;
  /** Stripe's test card number for it, as typed on a Checkout page. */
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
  country: string;
  /** Attaching runs a card check in Stripe; these cards fail it. */
  attachDecline?: Decline;
  charge: ChargeBehaviour;
}

const GENERIC: Decline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };
const INSUFFICIENT: Decline = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};
/** Off-session payment on a card whose bank wants the customer present. */
export const AUTH_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

const ok = { kind: 'succeed' } as const;

/** The table of supported test payment methods, keyed by Stripe's test id. */
export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { token: 'pm_card_visa', number: '4242424242424242', brand: 'visa', last4: '4242', funding: 'credit', country: 'US', charge: ok },
  pm_card_visa_debit: { token: 'pm_card_visa_debit', number: '4000056655665556', brand: 'visa', last4: '5556', funding: 'debit', country: 'US', charge: ok },
  pm_card_mastercard: {
    token: 'pm_card_mastercard',
    number: '5555555555554444',
    brand: 'mastercard',
    last4: '4444',
    funding: 'credit',
    country: 'US',
    charge: ok,
  },
  pm_card_mastercard_debit: {
    token: 'pm_card_mastercard_debit',
    number: '5200828282828210',
    brand: 'mastercard',
    last4: '8210',
    funding: 'debit',
    country: 'US',
    charge: ok,
  },
  pm_card_amex: { token: 'pm_card_amex', number: '371449635398431', brand: 'amex', last4: '8431', funding: 'credit', country: 'US', charge: ok },
  pm_card_visa_chargeDeclined: {
    token: 'pm_card_visa_chargeDeclined',
    number: '4000000000000002',
    brand: 'visa',
    last4: '0002',
    funding: 'credit',
    country: 'US',
    attachDecline: GENERIC,
    charge: { kind: 'decline', decline: GENERIC },
  },
  pm_card_visa_chargeDeclinedInsufficientFunds: {
    token: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    number: '4000000000009995',
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    country: 'US',
    attachDecline: INSUFFICIENT,
    charge: { kind: 'decline', decline: INSUFFICIENT },
  },
  pm_card_chargeCustomerFail: {
    token: 'pm_card_chargeCustomerFail',
    number: '4000000000000341',
    brand: 'visa',
    last4: '0341',
    funding: 'credit',
    country: 'US',
    charge: { kind: 'decline', decline: GENERIC },
  },
  pm_card_authenticationRequired: {
    token: 'pm_card_authenticationRequired',
    number: '4000002760003184',
    brand: 'visa',
    last4: '3184',
    funding: 'credit',
    country: 'US',
    charge: { kind: 'authenticate' },
  },
  // Stripe: 3155 needs authentication only to set up; once saved, off-session payments go through.
  pm_card_authenticationRequiredOnSetup: {
    token: 'pm_card_authenticationRequiredOnSetup',
    number: '4000002500003155',
    brand: 'visa',
    last4: '3155',
    funding: 'credit',
    country: 'US',
    charge: ok,
  },
};

/** The test card for a `pm_card_*` id, if it is one. */
export function testCardByToken(id: string): TestCard | undefined {
  return Object.hasOwn(TEST_CARDS, id) ? TEST_CARDS[id] : undefined;
}

/** The test card behind a stored payment method (every test card has a distinct brand + last4). */
export function testCardFor(brand: string, last4: string): TestCard | undefined {
  return Object.values(TEST_CARDS).find((c) => c.brand === brand && c.last4 === last4);
}

/** The test card for a typed card number (spaces and dashes ignored), if the sandbox knows it. */
export function testCardByNumber(typed: string): TestCard | undefined {
  const digits = typed.replace(/[\s-]/g, '');
  return Object.values(TEST_CARDS).find((c) => c.number === digits);
}
