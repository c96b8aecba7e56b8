/**
 * Why a card was declined and what to do next, in plain words, from Stripe's
 * `decline_code` (the bank's reason) or `code`. One table for the UI, the CLI
 * and alerts: people read what happened first, never a code.
 */

/** What happened, and what to do next. */
export interface DeclineWords {
  what: string;
  next: string;
}

const GENERIC: DeclineWords = { what: 'Your bank declined the card.', next: 'Try another card, or ask your bank why.' };
const LOST: DeclineWords = { what: 'Your bank declined the card (it was reported lost or stolen).', next: 'Use another card.' };
const LIMIT: DeclineWords = {
  what: 'Your bank declined the card (its spending limit was reached).',
  next: 'Try another card, or ask your bank to raise the limit.',
};
const CVC: DeclineWords = { what: "The card's security code (CVC) was not accepted.", next: 'Check it, or try another card.' };
const NUMBER: DeclineWords = { what: 'The card number was not accepted.', next: 'Check it, or try another card.' };
const EXPIRY: DeclineWords = { what: "The card's expiry date was not accepted.", next: 'Check it, or try another card.' };
const LATER: DeclineWords = { what: 'Your bank could not take the payment just now.', next: 'Try again in a few minutes, or use another card.' };
const THREE_DS: DeclineWords = { what: "The bank's check (3-D Secure) was not passed.", next: 'Try again, or use another card.' };

/**
 * Stripe's decline codes (and the error codes that stand for a decline) to
 * words. A reason the bank would rather not give (fraud suspicions, a
 * blocked merchant) reads as a plain decline: it is the bank's to explain.
 */
const TABLE: Readonly<Record<string, DeclineWords>> = {
  insufficient_funds: { what: 'Your bank declined the card (insufficient funds).', next: 'Try another card or add funds.' },
  generic_decline: GENERIC,
  card_declined: GENERIC,
  do_not_honor: GENERIC,
  do_not_try_again: GENERIC,
  fraudulent: GENERIC,
  merchant_blacklist: GENERIC,
  restricted_card: GENERIC,
  security_violation: GENERIC,
  transaction_not_allowed: { what: 'Your bank does not allow this card for this kind of payment.', next: 'Try another card, or ask your bank to allow it.' },
  lost_card: LOST,
  stolen_card: LOST,
  pickup_card: LOST,
  expired_card: { what: 'The card has expired.', next: 'Add a card that is still valid.' },
  incorrect_cvc: CVC,
  invalid_cvc: CVC,
  incorrect_number: NUMBER,
  invalid_number: NUMBER,
  invalid_account: NUMBER,
  invalid_expiry_month: EXPIRY,
  invalid_expiry_year: EXPIRY,
  card_velocity_exceeded: LIMIT,
  withdrawal_count_limit_exceeded: LIMIT,
  invalid_amount: { what: 'Your bank refused the amount.', next: 'Try a smaller amount, or another card.' },
  card_not_supported: { what: 'The card does not support this kind of purchase.', next: 'Try another card.' },
  currency_not_supported: { what: 'The card cannot pay in US dollars.', next: 'Try another card.' },
  processing_error: { what: 'The card could not be charged (a processing error at the bank).', next: 'Try again in a few minutes.' },
  issuer_not_available: LATER,
  try_again_later: LATER,
  reenter_transaction: LATER,
  approve_with_id: LATER,
  authentication_required: {
    what: 'Your bank wants you to confirm this payment.',
    next: 'Buy credits with this card in the app and confirm it in the browser.',
  },
  payment_intent_authentication_failure: THREE_DS,
  setup_intent_authentication_failure: THREE_DS,
  testmode_decline: { what: 'A test card cannot pay in live mode.', next: 'Use a real card.' },
  live_mode_test_card: { what: 'A test card cannot pay in live mode.', next: 'Use a real card.' },
};

/** The words for a decline: the bank's reason (`decline_code`) first, then Stripe's `code`, else a plain decline. */
export function declineWords(d: { code?: string | null; declineCode?: string | null }): DeclineWords {
  const key = [d.declineCode, d.code].find((k): k is string => typeof k === 'string' && Object.hasOwn(TABLE, k));
  return key ? (TABLE[key] as DeclineWords) : GENERIC;
}

/** "Your bank declined the card (insufficient funds). Try another card or add funds." */
export function declineText(d: { code?: string | null; declineCode?: string | null }): string {
  const w = declineWords(d);
  return `${w.what} ${w.next}`;
}
