import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';
import { checkRefillSettings, DEFAULT_REFILL, EMPTY_REFILL_STATE, type RefillSettings, type RefillState } from './refill-settings.js';

/**
 * Auto-refill's one row (`auto_refill`, migration 010): its settings, its
 * state and the owed mark, typed and bounded by the table's CHECKs. Every
 * write runs in the caller's transaction, so a setting, a state change and the
 * ledger entry they go with commit together.
 */

interface Row {
  enabled: number;
  thresholdCredits: number;
  amountCredits: number;
  cardId: string | null;
  maxPerDay: number;
  monthlyLimitCredits: number | null;
  owed: number;
  failures: number;
  lastFailureAt: number | null;
  needsAction: string | null;
  capNotifiedAt: number | null;
  cappedAt: number | null;
}

const SELECT = `SELECT enabled, threshold_credits AS thresholdCredits, amount_credits AS amountCredits, card_id AS cardId,
  max_per_day AS maxPerDay, monthly_limit_credits AS monthlyLimitCredits, owed, failures, last_failure_at AS lastFailureAt,
  needs_action AS needsAction, cap_notified_at AS capNotifiedAt, capped_at AS cappedAt FROM auto_refill WHERE id = 1`;

/** The row is made by the migration; a ledger whose row was deleted by hand reads the defaults and writes a new one. */
const ENSURE = 'INSERT INTO auto_refill (id) VALUES (1) ON CONFLICT (id) DO NOTHING';

function row(db: Db): Row | undefined {
  return cachedStatement(db, SELECT).get() as Row | undefined;
}

/** Reads the refill settings. */
export function readRefillSettings(db: Db): RefillSettings {
  const r = row(db);
  if (!r) return DEFAULT_REFILL;
  return {
    enabled: r.enabled === 1,
    thresholdCredits: r.thresholdCredits,
    amountCredits: r.amountCredits,
    cardId: r.cardId,
    maxPerDay: r.maxPerDay,
    monthlyLimitCredits: r.monthlyLimitCredits,
  };
}

/** Stores the refill settings, refusing values outside the bounds (refill-settings.ts). */
export function writeRefillSettings(db: Db, v: RefillSettings): RefillSettings {
  checkRefillSettings(v);
  cachedStatement(db, ENSURE).run();
  cachedStatement(
    db,
    `UPDATE auto_refill SET enabled = ?, threshold_credits = ?, amount_credits = ?, card_id = ?, max_per_day = ?, monthly_limit_credits = ? WHERE id = 1`,
  ).run(v.enabled ? 1 : 0, v.thresholdCredits, v.amountCredits, v.cardId, v.maxPerDay, v.monthlyLimitCredits);
  return readRefillSettings(db);
}

/** Reads the refill state. */
export function readRefillState(db: Db): RefillState {
  const r = row(db);
  if (!r) return EMPTY_REFILL_STATE;
  return { failures: r.failures, lastFailureAt: r.lastFailureAt, needsAction: r.needsAction, capNotifiedAt: r.capNotifiedAt, cappedAt: r.cappedAt };
}

/** Updates part of the refill state. */
export function patchRefillState(db: Db, patch: Partial<RefillState>): RefillState {
  const s = { ...readRefillState(db), ...patch };
  cachedStatement(db, ENSURE).run();
  cachedStatement(db, 'UPDATE auto_refill SET failures = ?, last_failure_at = ?, needs_action = ?, cap_notified_at = ?, capped_at = ? WHERE id = 1').run(
    s.failures,
    s.lastFailureAt,
    s.needsAction,
    s.capNotifiedAt,
    s.cappedAt,
  );
  return readRefillState(db);
}

/** Clears the failure streak and any block (the settings were changed or a payment went through). */
export function resetRefillState(db: Db): RefillState {
  return patchRefillState(db, EMPTY_REFILL_STATE);
}

/**
 * A refill is owed: a charge left the balance below the threshold (or refill
 * was turned on below it) and no attempt has been decided since. Stored with
 * the debit that crossed, in its transaction, so a crash before the refill
 * call cannot lose it; cleared with the attempt's decision (the refill row
 * written, or the reason it was skipped).
 */
export function readRefillOwed(db: Db): boolean {
  return (cachedStatement(db, 'SELECT owed FROM auto_refill WHERE id = 1', 'pluck').get() as number | undefined) === 1;
}

/** Sets or clears the owed refill (see readRefillOwed). */
export function writeRefillOwed(db: Db, owed: boolean): void {
  cachedStatement(db, ENSURE).run();
  cachedStatement(db, 'UPDATE auto_refill SET owed = ? WHERE id = 1').run(owed ? 1 : 0);
}
