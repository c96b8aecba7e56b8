import { RefusedError } from './errors.js';

/** The one place that reads time; everything else is handed a Clock. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at one instant (the CLI's `--now`). */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

/** A clock tests and simulations move by hand, forward or back. */
export class SimulatedClock implements Clock {
  private ms: number;

  constructor(start: Date | number) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves the clock by `ms` (negative moves it back). */
  advance(ms: number): void {
    this.ms += ms;
  }

  /** Sets the clock to an instant. */
  set(at: Date | number): void {
    this.ms = typeof at === 'number' ? at : at.getTime();
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The earliest instant a clock reading given from outside may name (2000-01-01T00:00:00Z). */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
/** The latest instant a clock reading given from outside may name (2100-01-01T00:00:00Z). */
export const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1);
/** No real zone is further from UTC than ±14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` and then `Z`, `±HH`, `±HHMM` or
 * `±HH:MM`. The extended forms only: week dates, ordinal dates and basic
 * (separator-less) dates are refused rather than guessed at.
 */
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** The user's text, quoted and cut short, with control characters escaped (it goes to a terminal). */
function quoted(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut);
}

/**
 * Parses an instant given from outside (`--now`, BURNRATE_NOW, `--from`,
 * `--expires`, the test clock) strictly: an ISO-8601 date or date-time, a time
 * without an offset read as UTC (scripted runs mean the same on every
 * machine), a real offset (at most ±14:00), between 2000-01-01 and 2100-01-01
 * inclusive. Anything else — empty included — is refused, never replaced by
 * the wall clock.
 */
export function parseInstant(text: unknown, what = 'date'): Date {
  const t = typeof text === 'string' ? text.trim() : '';
  if (t.length === 0) throw new RefusedError('invalid_date', `${what} is empty: give an ISO-8601 instant, e.g. 2026-01-31 or 2026-01-31T14:00:00Z`);
  const m = INSTANT_RE.exec(t);
  const ms = m ? instantMs(m) : null;
  if (ms === null)
    throw new RefusedError('invalid_date', `${what} ${quoted(String(text))} is not an ISO-8601 instant, e.g. 2026-01-31 or 2026-01-31T14:00:00Z`);
  return new Date(checkInstantInRange(ms, what));
}

/** Returns `ms` when it lies in [EARLIEST_INSTANT_MS, LATEST_INSTANT_MS]; refuses it otherwise. */
export function checkInstantInRange(ms: number, what = 'date'): number {
  if (!Number.isFinite(ms) || ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS) {
    const shown = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
    throw new RefusedError('date_out_of_range', `${what} ${shown} is outside the range Burnrate accepts (2000-01-01 to 2100-01-01)`);
  }
  return ms;
}

/** Epoch ms of a matched INSTANT_RE, or null when a field is out of its range (month 13, Feb 30, +99:00). */
function instantMs(m: RegExpExecArray): number | null {
  const [y, mo, d, h = 0, mi = 0, s = 0] = [1, 2, 3, 4, 5, 6].map((i) => (m[i] === undefined ? undefined : Number(m[i]))) as number[];
  const frac = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (mo! < 1 || mo! > 12 || d! < 1 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y!, mo! - 1, d!);
  // A day past the month's end rolls over into the next month: that is not the day typed.
  if (date.getUTCMonth() !== mo! - 1) return null;
  date.setUTCHours(h, mi, s, frac);
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
    if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return null;
  }
  return date.getTime() - offsetMinutes * MINUTE_MS;
}
