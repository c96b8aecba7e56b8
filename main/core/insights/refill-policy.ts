import type { Engine } from '../engine.js';
import { capsLookBack, countedRefills } from '../payments/refill-caps.js';
import { readRefillSettings, readRefillState } from '../payments/refill-store.js';
import { userTimeZone } from '../settings/engine-settings.js';
import type { RefillPolicy, RefillPolicySource } from './forecast-types.js';

/**
 * The runway's view of auto-refill, read from the payments module's settings
 * and its payments table: on/off, threshold, amount, the caps, and the
 * refills already counted against them (the payments module's own query). A
 * refill waiting for the card holder counts as off: none will happen until they act.
 */
export function refillPolicyFromPayments(engine: Engine): RefillPolicySource {
  return (): RefillPolicy => {
    const s = readRefillSettings(engine.db);
    const state = readRefillState(engine.db);
    const now = engine.now();
    const tz = userTimeZone(engine.settings);
    const from = Math.min(capsLookBack(now, tz), state.cappedAt === null ? Infinity : capsLookBack(state.cappedAt, tz));
    return {
      enabled: s.enabled && state.needsAction === null,
      thresholdCredits: s.thresholdCredits,
      amountCredits: s.amountCredits,
      maxPerDay: s.maxPerDay,
      monthlyLimitCredits: s.monthlyLimitCredits,
      counted: countedRefills(engine.db, from),
      cappedAt: state.cappedAt,
    };
  };
}
