import type { Db } from '../db/open-database.js';
import { chargeSpendBetween, chargeSpendByDay, chargeSpendByDeployment } from '../ledger/charge-rollup.js';
import { cachedStatement } from '../db/statement-cache.js';

/**
 * Every spend read the insights make, in one module, so a rollup table can
 * replace these range queries without touching the callers. All ranges are
 * [from, to) in epoch ms over `kind = 'charge'` entries, read from the
 * covering index ledger_charges_by_at (migration 3).
 */

/** Credits charged in [from, to): rollup days inside the range, the index at its ends. */
export function spendBetween(db: Db, from: number, to: number): number {
  return chargeSpendBetween(db, from, to);
}

/** Credits charged and hours charged per deployment in [from, to). */
export function spendByDeployment(db: Db, from: number, to: number): Map<number, { credits: number; hours: number }> {
  return chargeSpendByDeployment(db, from, to);
}

/**
 * Credits per (day, deployment) for consecutive days given by their
 * boundaries (n + 1 instants for n days; local days vary in length with DST).
 * Returns one map per day. Whole days in the rollup's zone come from the
 * rollup (migration 5), any other day from one indexed range each.
 */
export function dailySpendByDeployment(db: Db, boundaries: readonly number[]): Map<number, number>[] {
  return chargeSpendByDay(db, boundaries);
}

/** The most expensive charged hours in [from, to), priciest first (newest first on ties). */
export function topDeploymentHours(db: Db, from: number, to: number, limit: number): { deploymentId: number; hourStart: number; credits: number }[] {
  return cachedStatement(
    db,
    `SELECT e.deployment_id AS deploymentId, e.hour_start AS hourStart, -e.credits AS credits FROM ledger_entries AS e
      WHERE e.kind = 'charge' AND e.at >= ? AND e.at < ? ORDER BY e.credits ASC, e.at DESC LIMIT ?`,
  ).all(from, to, limit) as { deploymentId: number; hourStart: number; credits: number }[];
}

/** Credits a deployment was charged for hours starting in (from, to]. */
export function deploymentSpendInWindow(db: Db, deploymentId: number, from: number, to: number): number {
  return cachedStatement(
    db,
    "SELECT COALESCE(-SUM(credits), 0) FROM ledger_entries WHERE kind = 'charge' AND deployment_id = ? AND hour_start > ? AND hour_start <= ?",
    'pluck',
  ).get(deploymentId, from, to) as number;
}

/** Balance right after the last entry at or before `at` (0 before any entry). */
export function balanceAt(db: Db, at: number): number {
  return (
    (cachedStatement(db, 'SELECT balance_after FROM ledger_entries WHERE at <= ? ORDER BY at DESC, id DESC LIMIT 1', 'pluck').get(at) as number | undefined) ??
    0
  );
}
