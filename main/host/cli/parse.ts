import { RefusedError } from '../../core/errors.js';

/** Instants have one parser, in the core (bounds and offsets: docs/billing-rules.md). */
export { parseInstant } from '../../core/clock.js';

/** Parses a whole number in [min, max] written in plain digits (no 1e3, no 5.0). */
export function parseWhole(text: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const t = typeof text === 'string' ? text.trim() : '';
  if (!/^-?\d+$/.test(t)) throw new RefusedError('invalid_number', `${what} must be a whole number, got '${text}'`);
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new RefusedError('invalid_number', `${what} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}, got ${t}`);
  }
  return n;
}

/** Parses a deployment id. */
export function parseId(text: string): number {
  return parseWhole(text, 'deployment id', 1);
}

/** `on`/`off` (also true/false, yes/no, any case) as a boolean; anything else is refused naming `what` (the option). */
export function parseOnOff(text: string, what: string): boolean {
  const v = typeof text === 'string' ? text.trim().toLowerCase() : '';
  if (['on', 'true', 'yes'].includes(v)) return true;
  if (['off', 'false', 'no'].includes(v)) return false;
  throw new RefusedError('invalid_setting', `${what} is on or off, got '${text}'`);
}

/** Parses a parameter count like "70", "70B", "7b" or "1.5B" into billions. */
export function parseParamsB(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bB])?\s*$/.exec(text);
  if (!m) throw new RefusedError('invalid_params', `'${text}' is not a parameter count: use billions, e.g. 7, 70 or 70B`);
  const n = Number(m[1]);
  if (!(n > 0 && n <= 100_000)) throw new RefusedError('invalid_params', 'the parameter count must be above 0 and at most 100,000 billion');
  return n;
}
