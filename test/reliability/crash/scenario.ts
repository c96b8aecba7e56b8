import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../main/core/clock.js';
import { Prng } from '../soak/prng.js';

/** One step of the crash-sweep month: when it happens and what it does. */
export interface Step {
  at: number;
  action: 'tick' | 'start' | 'pause' | 'resume' | 'buy' | 'coupon' | 'sync' | 'refillOff' | 'refillOn';
  dep?: number;
  arg?: string;
}

export const SCENARIO_START = Date.UTC(2026, 2, 2, 8, 0);
export const DEPLOYMENTS = 5;

/**
 * The deterministic month the crash sweep runs (5 deployments, purchases,
 * auto-refill, coupons): the same seed gives the same steps, so a run that is
 * killed and restarted continues the same story.
 */
export function scenario(seed: number, days: number): Step[] {
  const rnd = new Prng(seed);
  const steps: Step[] = [];
  const end = SCENARIO_START + days * DAY_MS;
  for (let d = 1; d <= DEPLOYMENTS; d++) steps.push({ at: SCENARIO_START + d * MINUTE_MS, action: 'start', dep: d });
  let at = SCENARIO_START + HOUR_MS;
  for (;;) {
    at += rnd.int(20, 9 * 60) * MINUTE_MS;
    if (at >= end) break;
    // Auto-refill goes off for stretches, so credits run out: pauses for credits, then auto-resume on a purchase or coupon.
    const action = rnd.weighted({ tick: 5, start: 1, pause: 2, resume: 3, buy: 1, coupon: 1, sync: 1, refillOff: 0.5, refillOn: 0.5 });
    steps.push({
      at,
      action,
      dep: rnd.int(1, DEPLOYMENTS),
      arg: action === 'buy' ? rnd.pick(['5', '10', '20', '50']) : action === 'coupon' ? `CRASH${rnd.int(0, 5)}` : undefined,
    });
  }
  // Ticks 20 minutes apart after the month let deployment control retry what failed (after 1, 5 and 15 minutes) to its end.
  for (let k = 0; k < 5; k++) steps.push({ at: end + k * 20 * MINUTE_MS, action: 'tick' });
  steps.push({ at: end + 100 * MINUTE_MS, action: 'sync' });
  return steps;
}
