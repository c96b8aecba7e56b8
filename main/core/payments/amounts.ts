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

/** The one reading of a typed dollar amount: whole credits (= cents), or why not in plain words (lower case, no field name). */
export type UsdReading = { ok: true; credits: number } | { ok: false; reason: string };

/** Dollars as Burnrate reads them: plain digits with at most two decimals, or thousands groups with exactly two (1,000.00). */
const PLAIN = /^(\d+)(?:\.(\d{1,2}))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)\.(\d{2})$/;
/** More whole-dollar digits than this is no amount anyone means (and stays far inside safe integers). */
const MAX_DOLLAR_DIGITS = 12;
const TEXT_LIMIT = 40;
const EXAMPLE = 'like 25 or 25.50';

/**
 * THE parser of every typed money amount (CLI `--usd`/`--monthly-limit-usd`,
 * the app's custom amount, any host): "25", "25.5", "$25.50", "1,000.00".
 * A comma is read only as a thousands separator in the exact form
 * 1,000.00; every other comma is refused with "use a dot for cents" — never
 * dropped, so "7,50" can never become $750. Refuses exponents, signs, spaces,
 * other currencies, fractions of a cent, non-ASCII digits, NaN and text.
 * Computed from the digits, never through floats. Limits are the caller's.
 */
export function readUsd(text: unknown): UsdReading {
  const no = (reason: string): UsdReading => ({ ok: false, reason });
  if (typeof text !== 'string' || text.trim() === '') return no(`enter an amount in dollars, ${EXAMPLE}`);
  if (text.length > TEXT_LIMIT) return no(`that is not an amount: enter dollars ${EXAMPLE}`);
  const t = text.trim().replace(/^\$\s*/, '');
  let m = PLAIN.exec(t) ?? GROUPED.exec(t);
  if (m) {
    const dollars = (m[1] ?? '').replace(/,/g, '').replace(/^0+(?=\d)/, '');
    if (dollars.length > MAX_DOLLAR_DIGITS) return no('that is far too large');
    return { ok: true, credits: Number(dollars) * CREDITS_PER_USD + Number((m[2] ?? '').padEnd(2, '0')) };
  }
  if (/^-/.test(t)) return no('the amount must be positive');
  if (/^\+/.test(t)) return no(`leave out the +: write ${t.slice(1).trim() || '25.50'}`);
  if (/\p{Sc}/u.test(t) || /^[a-z]{3}\s*\d|\d\s*[a-z]{3}$/i.test(t)) return no(`amounts are in US dollars: write just the number, ${EXAMPLE}`);
  if (/\p{Nd}/u.test(t.replace(/[0-9]/g, ''))) return no('use the digits 0–9');
  if (/^[\d.]*\d[\d.]*e[+-]?\d+$/i.test(t)) return no(`write the amount in plain digits, not as an exponent (${EXAMPLE})`);
  if (/^[\d.,]+(\s+[\d.,]+)+$/u.test(t)) return no('leave out the spaces: write 1000 or 1,000.00');
  if (/^\d{1,3}(,\d{3})+\.\d{3,}$/.test(t)) return no('whole cents only: at most two digits after the dot');
  if (t.includes(',') && /^[\d.,]+$/.test(t)) {
    if ((m = /^(\d+),(\d{1,2})$/.exec(t))) return no(`use a dot for cents: write ${m[1]}.${(m[2] ?? '').padEnd(2, '0')}`);
    if ((m = /^(\d{1,3}(?:\.\d{3})+),(\d{1,2})$/.exec(t)))
      return no(`use a dot for cents: write ${(m[1] ?? '').replace(/\./g, '')}.${(m[2] ?? '').padEnd(2, '0')}`);
    return no('use a dot for cents; a comma is read only between thousands with cents, as in 1,000.00');
  }
  if (/^\d*\.\d{3,}$/.test(t)) return no('whole cents only: at most two digits after the dot');
  if (/^\d+(\.\d{3})+$/.test(t)) return no('use a dot only for cents, at most two digits after it');
  if (/^\.\d+$/.test(t)) return no(`write a digit before the dot: 0${t}`);
  if (/^\d+\.$/.test(t)) return no(`write the cents after the dot, or leave the dot out: ${t.slice(0, -1)}`);
  return no(`enter an amount in dollars, ${EXAMPLE}`);
}

/** What a refusal quotes of the typed text: short, with control and bidi characters made visible. */
function quoted(text: unknown): string {
  const s = typeof text === 'string' ? text : String(text);
  const shown = s.slice(0, TEXT_LIMIT).replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, '?');
  return `'${shown}${s.length > TEXT_LIMIT ? '…' : ''}'`;
}

/** `readUsd` for callers that refuse: the cents, or a RefusedError('invalid_amount') naming `what` and the text. */
export function usdToCents(text: unknown, what = 'amount'): number {
  const r = readUsd(text);
  if (!r.ok) throw new RefusedError('invalid_amount', `${what} ${quoted(text)}: ${r.reason}`);
  return r.credits;
}

/** A custom purchase amount typed in dollars: whole credits within the purchase limits ($1.00–$10,000.00). */
export function usdToCredits(text: unknown, what = 'amount'): number {
  return checkPurchaseCredits(usdToCents(text, what), what);
}

/** The custom amount as the app shows its check: credits, or the reason as a sentence (limits included). */
export function readPurchaseUsd(text: unknown): UsdReading {
  const r = readUsd(text);
  if (!r.ok) return { ok: false, reason: sentence(r.reason) };
  if (r.credits < MIN_PURCHASE_CREDITS) return { ok: false, reason: 'Minimum $1.00' };
  if (r.credits > MAX_PURCHASE_CREDITS) return { ok: false, reason: 'Maximum $10,000.00 per purchase' };
  return r;
}

function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Refuses a purchase or refill size outside $1.00–$10,000.00 or not whole credits. */
export function checkPurchaseCredits(credits: number, what = 'amount'): number {
  if (!Number.isSafeInteger(credits)) throw new RefusedError('invalid_amount', `${what} must be whole credits, got ${String(credits)}`);
  if (credits < MIN_PURCHASE_CREDITS)
    throw new RefusedError('invalid_amount', `${what} must be at least $1.00 (${formatCredits(MIN_PURCHASE_CREDITS)}), got ${formatCredits(credits)}`);
  if (credits > MAX_PURCHASE_CREDITS)
    throw new RefusedError('invalid_amount', `${what} must be at most $10,000.00 (${formatCredits(MAX_PURCHASE_CREDITS)}), got ${formatCredits(credits)}`);
  return credits;
}

/** A purchase's size from exactly one of: whole credits (how the app's layers pass money), a pack, or a custom USD amount as typed. */
export function purchaseCredits(input: { credits?: number; pack?: string; usd?: string }): number {
  const given = [input.credits, input.pack, input.usd].filter((v) => v !== undefined).length;
  if (given > 1) throw new RefusedError('invalid_amount', 'give either a pack or a USD amount, not both');
  if (input.credits !== undefined) return checkPurchaseCredits(input.credits);
  if (input.pack !== undefined) return packCredits(input.pack);
  if (input.usd !== undefined) return usdToCredits(input.usd);
  throw new RefusedError('invalid_amount', 'give a pack (5, 10, 20, 50, 100) or a USD amount');
}
