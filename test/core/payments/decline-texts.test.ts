import { describe, expect, it } from 'vitest';
import { declineText, declineWords } from '../../../main/core/payments/decline-texts.js';

describe('declines in plain words: what happened, then what to do — never a code first', () => {
  it.each([
    // [decline_code, code, the words]
    ['insufficient_funds', 'card_declined', 'Your bank declined the card (insufficient funds). Try another card or add funds.'],
    ['generic_decline', 'card_declined', 'Your bank declined the card. Try another card, or ask your bank why.'],
    [null, 'card_declined', 'Your bank declined the card. Try another card, or ask your bank why.'],
    ['do_not_honor', 'card_declined', 'Your bank declined the card. Try another card, or ask your bank why.'],
    // A suspicion the bank would rather explain itself is never put as an accusation.
    ['fraudulent', 'card_declined', 'Your bank declined the card. Try another card, or ask your bank why.'],
    ['lost_card', 'card_declined', 'Your bank declined the card (it was reported lost or stolen). Use another card.'],
    ['stolen_card', 'card_declined', 'Your bank declined the card (it was reported lost or stolen). Use another card.'],
    [null, 'expired_card', 'The card has expired. Add a card that is still valid.'],
    [null, 'incorrect_cvc', "The card's security code (CVC) was not accepted. Check it, or try another card."],
    [null, 'incorrect_number', 'The card number was not accepted. Check it, or try another card.'],
    [
      'card_velocity_exceeded',
      'card_declined',
      'Your bank declined the card (its spending limit was reached). Try another card, or ask your bank to raise the limit.',
    ],
    [null, 'processing_error', 'The card could not be charged (a processing error at the bank). Try again in a few minutes.'],
    ['try_again_later', 'card_declined', 'Your bank could not take the payment just now. Try again in a few minutes, or use another card.'],
    ['currency_not_supported', 'card_declined', 'The card cannot pay in US dollars. Try another card.'],
    [
      'authentication_required',
      'authentication_required',
      'Your bank wants you to confirm this payment. Buy credits with this card in the app and confirm it in the browser.',
    ],
    [null, 'payment_intent_authentication_failure', "The bank's check (3-D Secure) was not passed. Try again, or use another card."],
    [null, 'setup_intent_authentication_failure', "The bank's check (3-D Secure) was not passed. Try again, or use another card."],
    // Unknown or missing codes: a plain decline, not the code.
    ['a_code_stripe_adds_next_year', 'card_declined', 'Your bank declined the card. Try another card, or ask your bank why.'],
    [null, null, 'Your bank declined the card. Try another card, or ask your bank why.'],
    // Object.prototype names are not table entries.
    ['constructor', 'toString', 'Your bank declined the card. Try another card, or ask your bank why.'],
  ])('decline_code %s, code %s → %s', (declineCode, code, words) => {
    expect(declineText({ declineCode, code })).toBe(words);
    expect(declineText({ declineCode, code })).not.toMatch(/_/);
  });

  it('the bank reason (decline_code) wins over the generic code', () => {
    expect(declineWords({ declineCode: 'insufficient_funds', code: 'card_declined' }).what).toContain('insufficient funds');
    expect(declineWords({ declineCode: 'expired_card', code: 'card_declined' }).what).toBe('The card has expired.');
  });
});
