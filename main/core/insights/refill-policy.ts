import { monthStart } from '../calendar.js';
import { DAY_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { readRefillSettings, readRefillState } from '../payments/refill-settings.js';
import { userTimeZone } from '../settings/engine-settings.js';
import type { RefillPolicy, RefillPolicySource } from './forecast-types.js';
import { cachedStatement } from '../db/statement-cache.js';

/**
 * The runway's view of auto-refill, read from the payments module's settings
 * and its payments table: on/off, threshold, amount, the caps, and the
 * refills already counted against them (pending ones included, as the payments
 * module counts them). A refill waiting for the card holder counts as off:
 * none will happen until they act.
 */
export function refillPolicyFromPayments(engine: Engine): RefillPolicySource {
  return (): RefillPolicy => {
    const s = readRefillSettings(engine.settings);
    const blocked = readRefillState(engine.settings).needsAction !== null;
    const now = engine.now();
    const recentRefillAts = cachedStatement(engine.db, "SELECT created_at FROM payments WHERE kind = 'refill' AND status IN ('pending', 'succeeded') AND created_at >= ?", 'pluck')
      .all(now - DAY_MS) as number[];
    const monthRefilledCredits = cachedStatement(engine.db, "SELECT COALESCE(SUM(credits), 0) FROM payments WHERE kind = 'refill' AND status IN ('pending', 'succeeded') AND created_at >= ?", 'pluck')
      .get(monthStart(now, userTimeZone(engine.settings))) as number;
    return {
      enabled: s.enabled && !blocked,
      thresholdCredits: s.thresholdCredits,
      amountCredits: s.amountCredits,
      maxPer24h: s.maxPerDay,
      monthlyLimitCredits: s.monthlyLimitCredits,
      recentRefillAts,
      monthRefilledCredits,
    };
  };
}
