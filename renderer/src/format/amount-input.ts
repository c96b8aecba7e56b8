// Validation-as-you-type for the custom purchase amount. The engine is the
// authority (it refuses bad amounts); this only gives the message early and
// parses the dollars text into whole cents without floating point.

/** The purchase limits from SPEC.md, in credits (cents). */
export const MIN_CUSTOM_CREDITS = 100;
export const MAX_CUSTOM_CREDITS = 1_000_000;

/** `usd` is the amount as the engine takes it (no "$" or thousands separators). */
export type AmountCheck = { ok: true; credits: number; usd: string } | { ok: false; message: string };

/** Parses "12.50" / "$1,000" into credits, or says what is wrong in plain words. */
export function checkCustomAmount(text: string): AmountCheck {
  const trimmed = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (trimmed === '') return { ok: false, message: 'Enter an amount in dollars, minimum $1.00' };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!m) return { ok: false, message: 'Use digits only, like 25 or 12.50' };
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, message: 'Whole cents only: at most two digits after the point' };
  if (whole.length > 7) return { ok: false, message: 'Maximum $10,000.00 per purchase' };
  const credits = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (credits < MIN_CUSTOM_CREDITS) return { ok: false, message: 'Minimum $1.00' };
  if (credits > MAX_CUSTOM_CREDITS) return { ok: false, message: 'Maximum $10,000.00 per purchase' };
  return { ok: true, credits, usd: frac ? `${whole}.${frac}` : whole };
}
