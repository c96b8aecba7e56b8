import { DateTime } from 'luxon';

/** Start instants of `n` consecutive local days ending with the day containing `now`, plus the end of that day (n + 1 boundaries). */
export function lastLocalDays(now: number, tz: string, n: number): number[] {
  const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
  const out: number[] = [];
  for (let i = n - 1; i >= -1; i--) out.push(today.minus({ days: i }).toMillis());
  return out;
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDateOf(at: number, tz: string): string {
  return DateTime.fromMillis(at, { zone: tz }).toISODate() ?? '';
}
