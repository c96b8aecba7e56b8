import { DateTime } from 'luxon';
import type { Db } from '../db/open-database.js';
import type { ExportRange } from './export-range.js';

/** One deployment's cost on one local day. */
export interface DailyCostRow {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  deploymentId: number;
  name: string;
  /** Hours charged that day. */
  hours: number;
  /** Net credits spent (charges, less any reversal or adjustment linked to the deployment). */
  credits: number;
}

/** The first and last instants with a ledger entry, or null for an empty ledger. */
export function ledgerSpan(db: Db): { first: number; last: number } | null {
  const row = db.prepare('SELECT MIN(at) AS first, MAX(at) AS last FROM ledger_entries').get() as { first: number | null; last: number | null };
  return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
}

/**
 * The local days that cover `range` (clipped to the ledger's own span where it
 * is unbounded), each as [start, end) with its date. DST days are 23 or 25 h.
 */
export function* localDays(db: Db, range: ExportRange, tz: string): Generator<{ date: string; start: number; end: number }> {
  const span = range.from === null || range.to === null ? ledgerSpan(db) : null;
  const from = range.from ?? span?.first;
  const to = range.to ?? (span ? span.last + 1 : undefined);
  if (from === undefined || to === undefined || from >= to) return;
  let day = DateTime.fromMillis(from, { zone: tz }).startOf('day');
  while (day.toMillis() < to) {
    const next = day.plus({ days: 1 });
    yield { date: day.toISODate() ?? '', start: Math.max(day.toMillis(), from), end: Math.min(next.toMillis(), to) };
    day = next;
  }
}

/**
 * Cost per deployment per local day in `range`, day by day (one small indexed
 * query per day, so memory stays flat however long the range). Days and
 * deployments with no entry are left out.
 */
export function* dailyCost(db: Db, range: ExportRange, tz: string): Generator<DailyCostRow> {
  const stmt = db.prepare(`SELECT e.deployment_id AS deploymentId, COALESCE(d.name, '') AS name,
      SUM(e.kind = 'charge') AS hours, -SUM(e.credits) AS credits
    FROM ledger_entries e LEFT JOIN deployments d ON d.id = e.deployment_id
    WHERE e.deployment_id IS NOT NULL AND e.at >= ? AND e.at < ?
    GROUP BY e.deployment_id ORDER BY e.deployment_id`);
  for (const day of localDays(db, range, tz)) {
    const rows = stmt.all(day.start, day.end) as Omit<DailyCostRow, 'date'>[];
    for (const r of rows) yield { date: day.date, ...r };
  }
}

/** Credits charged (positive) on each local day in `range`, every day listed, for charts. */
export function dailyCharged(db: Db, range: { from: number; to: number }, tz: string): { date: string; credits: number }[] {
  const stmt = db.prepare("SELECT COALESCE(-SUM(credits), 0) FROM ledger_entries WHERE kind = 'charge' AND at >= ? AND at < ?").pluck();
  return [...localDays(db, range, tz)].map((d) => ({ date: d.date, credits: stmt.get(d.start, d.end) as number }));
}
