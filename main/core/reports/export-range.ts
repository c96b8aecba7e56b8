import { DateTime } from 'luxon';
import { RefusedError } from '../errors.js';

/** A half-open range of instants [from, to) in epoch ms; null ends are unbounded. */
export interface ExportRange {
  from: number | null;
  to: number | null;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/**
 * Reads a local calendar date (`YYYY-MM-DD`, or `YYYY-MM` for a whole month)
 * in time zone `tz` as the local days it covers: [start of first day, start of
 * the day after the last). Anything else is refused.
 */
export function parseLocalDate(text: string, tz: string, what: string): { start: number; end: number } {
  const t = typeof text === 'string' ? text.trim() : '';
  const day = DAY_RE.exec(t);
  const month = MONTH_RE.exec(t);
  let start: DateTime | null = null;
  let end: DateTime | null = null;
  if (day) {
    start = DateTime.fromObject({ year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) }, { zone: tz });
    end = start.plus({ days: 1 });
  } else if (month) {
    start = DateTime.fromObject({ year: Number(month[1]), month: Number(month[2]), day: 1 }, { zone: tz });
    end = start.plus({ months: 1 });
  }
  if (!start || !end || !start.isValid || !end.isValid) {
    throw new RefusedError('invalid_date', `${what} '${text}' is not a date: use YYYY-MM-DD or YYYY-MM (a local day or month in ${tz})`);
  }
  return { start: start.toMillis(), end: end.toMillis() };
}

/**
 * Turns `--from`/`--to` local dates into a range. Both ends are inclusive days:
 * `--from 2026-01-01 --to 2026-01-31` (or `--from 2026-01 --to 2026-01`) is all
 * of January in `tz`. A range that ends before it starts is refused.
 */
export function parseDateRange(from: string | undefined, to: string | undefined, tz: string): ExportRange {
  const f = from === undefined ? null : parseLocalDate(from, tz, '--from').start;
  const t = to === undefined ? null : parseLocalDate(to, tz, '--to').end;
  checkRange({ from: f, to: t });
  return { from: f, to: t };
}

/** Refuses a range whose start is not before its end. */
export function checkRange(r: ExportRange): void {
  for (const [name, v] of [
    ['from', r.from],
    ['to', r.to],
  ] as const) {
    if (v !== null && !Number.isSafeInteger(v)) throw new RefusedError('invalid_date', `${name} must be an instant in epoch ms, got ${String(v)}`);
  }
  if (r.from !== null && r.to !== null && r.from >= r.to) {
    throw new RefusedError('invalid_range', `the range is empty: from (${new Date(r.from).toISOString()}) is not before to (${new Date(r.to).toISOString()})`);
  }
}

/** Longest run of months one statement file covers. */
export const MAX_STATEMENT_MONTHS = 120;

/**
 * The local months a statement covers, as [start, end) pairs. No range: the
 * current month. Only one end given: that end's month. Both: every month from
 * the first to the last. Months that have not started yet are refused.
 */
export function statementMonths(range: ExportRange, now: number, tz: string): { start: number; end: number }[] {
  checkRange(range);
  const monthOf = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).startOf('month');
  const first = monthOf(range.from ?? (range.to !== null ? range.to - 1 : now));
  const last = monthOf(range.to !== null ? range.to - 1 : (range.from ?? now));
  if (first.toMillis() > now) {
    throw new RefusedError('invalid_range', `no statement for ${first.toFormat('yyyy-MM')}: that month has not started yet`);
  }
  const months: { start: number; end: number }[] = [];
  for (let m = first; m <= last && m.toMillis() <= now; m = m.plus({ months: 1 })) {
    if (months.length >= MAX_STATEMENT_MONTHS) {
      throw new RefusedError('invalid_range', `a statement covers at most ${MAX_STATEMENT_MONTHS} months; narrow --from/--to`);
    }
    months.push({ start: m.toMillis(), end: m.plus({ months: 1 }).toMillis() });
  }
  return months;
}
