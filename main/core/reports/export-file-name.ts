import { localDate } from '../calendar.js';

/** What an export covers, for its file name. */
export type ExportCoverage =
  | { month: string }
  | { paymentId: string }
  /** Instants in epoch ms; `to` is exclusive (the end of the last day covered); null: open. */
  | { from: number | null; to: number | null };

/**
 * The file name says which range the file covers, in the user's local days,
 * so two exports never read alike: "burnrate-transactions-2025-03-01-to-2025-03-07.csv",
 * one day "…-2025-03-03.csv", no start "…-until-2025-03-07.csv", nothing set
 * "…-all-until-2025-03-03.csv" (today), a statement its month, a receipt its payment.
 */
export function exportFileName(name: string, ext: string, coverage: ExportCoverage, now: number, timeZone: string): string {
  return `burnrate-${name}-${coverageLabel(coverage, now, timeZone)}.${ext}`;
}

function coverageLabel(c: ExportCoverage, now: number, tz: string): string {
  if ('month' in c) return c.month;
  if ('paymentId' in c) return c.paymentId;
  // The last day covered: the day of the last instant inside the range (its end is exclusive); open ends at today.
  const last = localDate(c.to === null ? now : Math.max(c.from ?? -Infinity, c.to - 1), tz);
  if (c.from === null) return `${c.to === null ? 'all-' : ''}until-${last}`;
  const first = localDate(c.from, tz);
  return first === last ? first : `${first}-to-${last}`;
}
