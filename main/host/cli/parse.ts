import { DateTime } from 'luxon';
import { RefusedError } from '../../core/errors.js';

/**
 * Parses an ISO-8601 instant strictly. A value without an offset is read as
 * UTC so that scripted runs mean the same on every machine.
 */
export function parseInstant(text: string, what = 'date'): Date {
  const t = typeof text === 'string' ? text.trim() : '';
  const dt = DateTime.fromISO(t, { zone: 'utc', setZone: true });
  if (t.length === 0 || !dt.isValid || !/^\d{4}-\d{2}-\d{2}/.test(t)) {
    throw new RefusedError('invalid_date', `${what} '${text}' is not an ISO-8601 date, e.g. 2026-01-31 or 2026-01-31T14:00:00Z`);
  }
  return dt.toJSDate();
}

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
