import { DateTime } from 'luxon';

/** Start of the calendar month containing `at`, in time zone `tz` (epoch ms). */
export function monthStart(at: number, tz: string): number {
  return DateTime.fromMillis(at, { zone: tz }).startOf('month').toMillis();
}

/** Start of the next calendar month after the one containing `at`. */
export function nextMonthStart(at: number, tz: string): number {
  return DateTime.fromMillis(at, { zone: tz }).startOf('month').plus({ months: 1 }).toMillis();
}

/** Start of the local day containing `at` (DST-correct). */
export function dayStart(at: number, tz: string): number {
  return DateTime.fromMillis(at, { zone: tz }).startOf('day').toMillis();
}

/** The local calendar date of `at` as YYYY-MM-DD. */
export function localDate(at: number, tz: string): string {
  return DateTime.fromMillis(at, { zone: tz }).toISODate() ?? '';
}

/** Epoch ms as ISO-8601 UTC. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch ms as ISO-8601 UTC, or null. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
