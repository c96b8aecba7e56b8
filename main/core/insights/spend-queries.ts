import type { Db } from '../db/open-database.js';
import { chargedBetween } from '../ledger/ledger-queries.js';

/**
 * Every spend read the insights make, in one module, so a rollup table can
 * replace these range queries without touching the callers. All ranges are
 * [from, to) in epoch ms over `kind = 'charge'` entries, read from the
 * covering index ledger_charges_by_at (migration 3).
 */

/** Credits charged in [from, to). */
export function spendBetween(db: Db, from: number, to: number): number {
  return chargedBetween(db, from, to);
}

/** Credits charged and hours charged per deployment in [from, to). */
export function spendByDeployment(db: Db, from: number, to: number): Map<number, { credits: number; hours: number }> {
  const rows = db
    .prepare("SELECT deployment_id AS id, -SUM(credits) AS credits, COUNT(*) AS hours FROM ledger_entries INDEXED BY ledger_charges_by_at WHERE kind = 'charge' AND at >= ? AND at < ? GROUP BY deployment_id")
    .all(from, to) as { id: number; credits: number; hours: number }[];
  return new Map(rows.map((r) => [r.id, { credits: r.credits, hours: r.hours }]));
}

/**
 * Credits per (day, deployment) for consecutive days given by their
 * boundaries (n + 1 instants for n days; local days vary in length with DST).
 * Returns one map per day.
 */
export function dailySpendByDeployment(db: Db, boundaries: readonly number[]): Map<number, number>[] {
  // One indexed range per day: a join against a table of days defeats the index.
  const stmt = db.prepare("SELECT deployment_id AS id, -SUM(credits) AS credits FROM ledger_entries INDEXED BY ledger_charges_by_at WHERE kind = 'charge' AND at >= ? AND at < ? GROUP BY deployment_id");
  const out: Map<number, number>[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const rows = stmt.all(boundaries[i], boundaries[i + 1]) as { id: number; credits: number }[];
    out.push(new Map(rows.map((r) => [r.id, r.credits])));
  }
  return out;
}

/** The most expensive charged hours in [from, to), priciest first (newest first on ties). */
export function topDeploymentHours(db: Db, from: number, to: number, limit: number): { deploymentId: number; hourStart: number; credits: number }[] {
  return db
    .prepare(`SELECT deployment_id AS deploymentId, hour_start AS hourStart, -credits AS credits FROM ledger_entries
      WHERE kind = 'charge' AND at >= ? AND at < ? ORDER BY credits ASC, at DESC LIMIT ?`)
    .all(from, to, limit) as { deploymentId: number; hourStart: number; credits: number }[];
}

/** Credits a deployment was charged for hours starting in (from, to]. */
export function deploymentSpendInWindow(db: Db, deploymentId: number, from: number, to: number): number {
  return db
    .prepare("SELECT COALESCE(-SUM(credits), 0) FROM ledger_entries WHERE kind = 'charge' AND deployment_id = ? AND hour_start > ? AND hour_start <= ?")
    .pluck()
    .get(deploymentId, from, to) as number;
}

/** Balance right after the last entry at or before `at` (0 before any entry). */
export function balanceAt(db: Db, at: number): number {
  return (db.prepare('SELECT balance_after FROM ledger_entries WHERE at <= ? ORDER BY at DESC, id DESC LIMIT 1').pluck().get(at) as number | undefined) ?? 0;
}
