import { formatUsd } from '../money.js';
import { cardLabel } from './notice-texts.js';

/**
 * The question every purchase asks first (UX.md): "Buy 2,000 credits for
 * $20.00 with Visa ••4242?"; with no card, the card is chosen on the payment
 * page. The same words as the window's (renderer/src/format/purchase-question.ts).
 */
export function purchaseQuestion(credits: number, card: { brand: string | null; last4: string | null } | null): string {
  const what = `Buy ${credits.toLocaleString('en-US')} credits for ${formatUsd(credits)}`;
  const label = card ? cardLabel(card.brand, card.last4) : '';
  return label ? `${what} with ${label}?` : `${what}? You choose the card on the payment page in your browser.`;
}
