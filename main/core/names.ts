import { RefusedError } from './errors.js';

/**
 * Characters no name may hold: control characters (C0, DEL, C1: ESC, BEL,
 * newline, tab…), format characters (bidi embeddings and overrides
 * U+202A–U+202E, isolates U+2066–U+2069, marks, zero-width space / joiners,
 * BOM), line and paragraph separators and lone surrogates — anywhere, ends
 * included (a trailing newline is refused, not trimmed away). A name is shown in terminals, notifications, exports and the
 * UI: any of these could rewrite a terminal, hide text or reorder what is read.
 * Default-ignorable code points (Hangul fillers, the combining grapheme joiner,
 * variation selectors) and the object replacement character draw nothing, so
 * a name made of them looks blank: refused too.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\uFFFC]/u;

/** What a name is and how long it may be. */
export interface NameRule {
  /** How the message names it: "a deployment name". */
  what: string;
  /** The refusal's code: "invalid_name". */
  code: string;
  /** Most characters (Unicode code points, as SQLite's length() counts them). */
  max: number;
}

/** The rules of every name a user gives Burnrate: one place, so the CLI, the UI and imports agree. */
export const NAME_RULES = {
  deployment: { what: 'a deployment name', code: 'invalid_name', max: 100 },
  model: { what: 'a model name', code: 'invalid_model', max: 100 },
  tier: { what: 'a tier name', code: 'invalid_tier_name', max: 40 },
  coupon: { what: 'a coupon code', code: 'invalid_coupon_code', max: 64 },
  org: { what: 'an org name', code: 'invalid_name', max: 100 },
} as const satisfies Record<string, NameRule>;

/**
 * Checks a name a user typed and returns it trimmed: a string of 1–max
 * characters with no control or invisible formatting character (FORBIDDEN);
 * otherwise refuses, saying which character (as U+XXXX) was found.
 */
export function validateName(value: unknown, rule: NameRule): string {
  const raw = typeof value === 'string' ? value : '';
  const bad = FORBIDDEN.exec(raw);
  if (bad) {
    const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new RefusedError(rule.code, `${rule.what} cannot contain control or invisible formatting characters (found U+${cp})`);
  }
  const name = raw.trim();
  const length = [...name].length;
  if (length < 1 || length > rule.max) throw new RefusedError(rule.code, `${rule.what} is 1–${rule.max} characters`);
  return name;
}
