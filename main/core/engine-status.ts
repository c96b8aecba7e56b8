import { monthStart } from './calendar.js';
import type { Engine } from './engine.js';
import { chargeSpendBetween, ensureChargeRollupZone } from './ledger/charge-rollup.js';
import { userTimeZone } from './settings/engine-settings.js';

/** The headline figures: balance, this month's spend, deployments running. */
export interface BasicStatus {
  balance: number;
  monthSpend: number;
  running: number;
  paused: number;
  pausedForCredits: number;
  timeZone: string;
  at: string;
}

/** Reads the headline figures (the caller settles first). */
export function basicStatus(engine: Engine): BasicStatus {
  const now = engine.now();
  const tz = userTimeZone(engine.settings);
  // Month spend reads the daily rollup: keep it in the user's zone (a no-op unless the zone changed).
  ensureChargeRollupZone(engine.db, tz);
  const counts = engine.db
    .prepare(
      // CASE, not SUM(a = b): PostgreSQL has no sum of booleans (one query for both stores).
      `SELECT
        COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0) AS running,
        COALESCE(SUM(CASE WHEN state = 'paused' THEN 1 ELSE 0 END), 0) AS paused,
        COALESCE(SUM(CASE WHEN state = 'paused' AND paused_reason = 'insufficient_credits' THEN 1 ELSE 0 END), 0) AS pausedForCredits
      FROM deployments`,
    )
    .get() as { running: number; paused: number; pausedForCredits: number };
  return {
    balance: engine.ledger.balance(),
    monthSpend: chargeSpendBetween(engine.db, monthStart(now, tz), now + 1),
    ...counts,
    timeZone: tz,
    at: new Date(now).toISOString(),
  };
}
