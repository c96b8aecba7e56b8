import type { Db } from '../db/open-database.js';
import { ENTRY_KINDS, type EntryKind, type LedgerEntry, type LedgerRow } from '../ledger/entry-types.js';
import { rowToEntry } from '../ledger/entry-types.js';
import { dailyCharged } from './daily-cost.js';

/** Non-charge entries listed one by one on a statement; more are counted, not listed. */
export const MAX_LISTED_ENTRIES = 500;

/** One kind's movement in a period. */
export interface KindMovement {
  kind: EntryKind;
  count: number;
  /** Signed sum of credits. */
  credits: number;
}

/** One deployment's charges in a period. */
export interface DeploymentCharges {
  deploymentId: number;
  name: string;
  hours: number;
  /** Credits charged, as a positive number. */
  credits: number;
}

/** Everything a monthly statement shows; every figure comes straight from the ledger. */
export interface StatementData {
  start: number;
  end: number;
  timeZone: string;
  opening: number;
  /** Every kind, in ENTRY_KINDS order, zero when absent. */
  movements: KindMovement[];
  chargesByDeployment: DeploymentCharges[];
  closing: number;
  entryCount: number;
  daily: { date: string; credits: number }[];
  /** Non-charge entries, oldest first, at most MAX_LISTED_ENTRIES. */
  listed: LedgerEntry[];
  unlisted: number;
  /** Refunds recorded in the period: what Stripe refunded and what the balance could give back (the rest is a shortfall). */
  refunds: { refundedCredits: number; debitedCredits: number };
}

/**
 * Gathers a statement for [start, end). Opening and closing are the sums of
 * every entry before each end, and the movements sum the entries between, so
 * opening + movements = closing holds to the credit by construction.
 */
export function statementData(db: Db, start: number, end: number, timeZone: string): StatementData {
  const sumBefore = db.prepare('SELECT COALESCE(SUM(credits), 0) FROM ledger_entries WHERE at < ?').pluck();
  const opening = sumBefore.get(start) as number;
  const closing = sumBefore.get(end) as number;
  const byKind = db
    .prepare('SELECT kind, COUNT(*) AS count, SUM(credits) AS credits FROM ledger_entries WHERE at >= ? AND at < ? GROUP BY kind')
    .all(start, end) as KindMovement[];
  const movements = ENTRY_KINDS.map((kind) => byKind.find((m) => m.kind === kind) ?? { kind, count: 0, credits: 0 });
  const chargesByDeployment = db
    .prepare(
      `SELECT e.deployment_id AS deploymentId, COALESCE(d.name, '') AS name, COUNT(*) AS hours, -SUM(e.credits) AS credits
      FROM ledger_entries e LEFT JOIN deployments d ON d.id = e.deployment_id
      WHERE e.kind = 'charge' AND e.at >= ? AND e.at < ? GROUP BY e.deployment_id ORDER BY credits DESC, e.deployment_id`,
    )
    .all(start, end) as DeploymentCharges[];
  const listedRows = db
    .prepare(`SELECT * FROM ledger_entries WHERE kind <> 'charge' AND at >= ? AND at < ? ORDER BY at, id LIMIT ${MAX_LISTED_ENTRIES}`)
    .all(start, end) as LedgerRow[];
  // Stripe may refund more than the balance holds; the ledger debits what is there (SPEC: Refunds).
  const refunds = db
    .prepare('SELECT COALESCE(SUM(credits), 0) AS refundedCredits, COALESCE(SUM(debited), 0) AS debitedCredits FROM payment_refunds WHERE at >= ? AND at < ?')
    .get(start, end) as { refundedCredits: number; debitedCredits: number };
  const nonCharges = movements.filter((m) => m.kind !== 'charge').reduce((n, m) => n + m.count, 0);
  return {
    start,
    end,
    timeZone,
    opening,
    movements,
    chargesByDeployment,
    closing,
    entryCount: movements.reduce((n, m) => n + m.count, 0),
    daily: dailyCharged(db, { from: start, to: end }, timeZone),
    listed: listedRows.map(rowToEntry),
    unlisted: nonCharges - listedRows.length,
    refunds,
  };
}
