/**
 * The words of payment notices: a short title per kind for the alert list and
 * the desktop notification, and the sentences in UX.md's tone
 * ("Auto-refill added 2,000 credits ($20.00) — Visa ••4242.").
 */
import { formatCredits } from '../money.js';
import type { NoticeKind } from './notices.js';

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'Amex',
  american_express: 'Amex',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** Stripe's brand id as people write it: "visa" → "Visa", "amex" → "Amex". */
export function brandName(brand: string): string {
  return BRANDS[brand.toLowerCase()] ?? brand.charAt(0).toUpperCase() + brand.slice(1);
}

/** A card as a person reads it: "Visa ••4242" (empty when the brand is unknown). */
export function cardLabel(brand: string | null, last4: string | null): string {
  return brand ? `${brandName(brand)} ••${last4 ?? ''}` : '';
}

/** "1 refill", "3 refills". */
function refillCount(n: number): string {
  return `${n} refill${n === 1 ? '' : 's'}`;
}

/** A bank's sentence inside ours: "Your card was declined." → "your card was declined." */
function inSentence(reason: string): string {
  const t = reason.trim();
  const lowered = /^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
  return /[.!?]$/.test(lowered) ? lowered : `${lowered}.`;
}

/** The message of a refill that went through. */
export function refillSucceededText(credits: number, brand: string | null, last4: string | null): string {
  const card = cardLabel(brand, last4);
  return `Auto-refill added ${formatCredits(credits)}${card ? ` — ${card}` : ''}.`;
}

/** The message of a refill that failed, with the bank's (or our) reason. */
export function refillFailedText(reason: string): string {
  return `Auto-refill failed: ${inSentence(reason)}`;
}

/** The message of a refill skipped by a cap. */
export function refillCappedText(cap: 'per_day' | 'monthly', maxPerDay: number, monthlyLimit: number | null): string {
  return cap === 'per_day'
    ? `Auto-refill skipped: the cap is ${refillCount(maxPerDay)} per 24 hours, and it was reached.`
    : `Auto-refill skipped: it would pass this month's refill limit of ${formatCredits(monthlyLimit ?? 0)}.`;
}

/** The message when the failure streak turned auto-refill off. */
export function autoRefillDisabledText(failures: number): string {
  return `Auto-refill turned off after ${failures === 1 ? 'a failed refill' : `${failures} failed refills in a row`}. Check the card, then turn it back on.`;
}

/** The message when the last card went away while auto-refill was on. */
export function autoRefillNoCardText(): string {
  return 'Auto-refill turned off: no saved card is left to charge. Add a card, then turn it back on.';
}

/** Each notice kind's short title; data refines it where the kind alone says too little. */
export function noticeTitle(kind: NoticeKind | string, data: Record<string, unknown>): string {
  switch (kind) {
    case 'refill_succeeded':
      return typeof data.credits === 'number' ? `Auto-refill added ${formatCredits(data.credits)}` : 'Auto-refill succeeded';
    case 'refill_failed':
      return 'Auto-refill failed';
    case 'refill_capped':
      return data.cap === 'monthly'
        ? 'Auto-refill skipped: monthly limit reached'
        : data.cap === 'per_day'
          ? 'Auto-refill skipped: daily cap reached'
          : 'Auto-refill skipped: cap reached';
    case 'refill_needs_action':
      return 'Auto-refill needs your confirmation';
    case 'auto_refill_disabled':
      return data.reason === 'no_card' ? 'Auto-refill turned off: no saved card' : 'Auto-refill turned off';
    case 'reconciliation':
      return 'Refund larger than the balance';
    default:
      return 'Payment notice';
  }
}
