import { RefusedError } from '../errors.js';
import { CREDITS_PER_USD, formatCredits } from '../money.js';

/** The five packs: dollars → credits ($5 → 500 … $100 → 10,000). */
export const PACKS_USD = [5, 10, 20, 50, 100] as const;
export type PackUsd = (typeof PACKS_USD)[number];

/** Smallest and largest purchase (and refill) in credits: $1.00 and $10,000.00. */
export const MIN_PURCHASE_CREDITS = 100;
export const MAX_PURCHASE_CREDITS = 1_000_000;

/** Credits of a pack given as text ("5", "10", …); anything else is refused. */
export function packCredits(text: string): number {
  const t = typeof text === 'string' ? text.trim().replace(/^\$/, '') : '';
  const pack = PACKS_USD.find((p) => String(p) === t);
  if (pack === undefined) {
    throw new RefusedError('invalid_pack', `there is no $${String(text)} pack: choose one of ${PACKS_USD.map((p) => `$${p}`).join(', ')}`);
  }
  return pack * CREDITS_PER_USD;
}

/**
 * Parses a custom USD amount typed by a person: plain digits with at most two
 * decimals ("25", "25.5", "25.50", "$25.50", "1,000.00"), $1.00 to $10,000.00.
 * Refuses exponents (1e3), fractions of a cent (5.005), decimal commas (5,50),
 * misplaced commas (1,0,0), signs, NaN and text.
 * Returns credits (= cents), computed from the digits, never through floats.
 */
export function usdToCredits(text: string, what = 'amount'): number {
  const credits = usdToCents(text, what);
  checkPurchaseCredits(credits, what);
  return credits;
}

/** Dollars as a person writes them: plain digits or proper thousands groups (1,000 / 12,345,678), then at most two decimals. */
const USD_FORMAT = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a USD amount's format only (whole cents, no sign, no exponent) into
 * cents; limits are the caller's. A comma is accepted only between thousands
 * groups: "1,00" is someone's decimal comma, not $100, so it is refused.
 */
export function usdToCents(text: string, what = 'amount'): number {
  const t = typeof text === 'string' ? text.trim().replace(/^\$/, '') : '';
  const m = USD_FORMAT.exec(t);
  if (!m) {
    if (/^-/.test(t)) throw new RefusedError('invalid_amount', `${what} must be positive, got '${String(text)}'`);
    if (/^(\d*|\d{1,3}(,\d{3})+)\.\d{3,}$/.test(t)) throw new RefusedError('invalid_amount', `${what} must be whole cents (at most two decimals), got '${String(text)}'`);
    if (/^\d+,\d{1,2}$/.test(t)) throw new RefusedError('invalid_amount', `${what} '${String(text)}': use a dot for cents, e.g. ${t.replace(',', '.')}`);
    if (/^[\d,]+(\.\d*)?$/.test(t) && t.includes(',')) {
      throw new RefusedError('invalid_amount', `${what} '${String(text)}': commas may only separate thousands, e.g. 1,000.00`);
    }
    throw new RefusedError('invalid_amount', `${what} must be a dollar amount like 25 or 25.50, got '${String(text)}'`);
  }
  const dollars = (m[1] ?? '0').replace(/,/g, '');
  if (dollars.length > 12) throw new RefusedError('invalid_amount', `${what} is too large, got '${String(text)}'`);
  return Number(dollars) * CREDITS_PER_USD + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Refuses a purchase or refill size outside $1.00–$10,000.00 or not whole credits. */
export function checkPurchaseCredits(credits: number, what = 'amount'): number {
  if (!Number.isSafeInteger(credits)) throw new RefusedError('invalid_amount', `${what} must be whole credits, got ${String(credits)}`);
  if (credits < MIN_PURCHASE_CREDITS) throw new RefusedError('invalid_amount', `${what} must be at least $1.00 (${formatCredits(MIN_PURCHASE_CREDITS)}), got ${formatCredits(credits)}`);
  if (credits > MAX_PURCHASE_CREDITS) throw new RefusedError('invalid_amount', `${what} must be at most $10,000.00 (${formatCredits(MAX_PURCHASE_CREDITS)}), got ${formatCredits(credits)}`);
  return credits;
}

/** A purchase's size from either a pack or a custom USD amount (exactly one of the two). */
export function purchaseCredits(input: { pack?: string; usd?: string }): number {
  if (input.pack !== undefined && input.usd !== undefined) throw new RefusedError('invalid_amount', 'give either a pack or a USD amount, not both');
  if (input.pack !== undefined) return packCredits(input.pack);
  if (input.usd !== undefined) return usdToCredits(input.usd);
  throw new RefusedError('invalid_amount', 'give a pack (5, 10, 20, 50, 100) or a USD amount');
}
