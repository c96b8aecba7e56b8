import type { Runway, RunwayState } from '../../../preload/contract.js';
import { HOUR_MS } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';

const LOW_HOURS = 72;
const CRITICAL_HOURS = 24;
/** Enough steps for a month of hourly charges across a few dozen deployments. */
const MAX_STEPS = 50_000;

/** Green / amber / red from the hours left and whether anything is paused for credits. */
export function runwayState(hours: number | null, pausedForCredits: number): RunwayState {
  if (pausedForCredits > 0) return 'critical';
  if (hours === null) return 'ok';
  if (hours < CRITICAL_HOURS) return 'critical';
  return hours <= LOW_HOURS ? 'low' : 'ok';
}

/**
 * Walks the upcoming hourly charges of what runs now, in time order, until
 * one can't be paid: that is where the runway ends. Ignores refills and
 * schedules — a stand-in until the insights module provides its own runway.
 */
export function estimateRunway(engine: Engine, pausedForCredits: number): Runway {
  const now = engine.now();
  const running = engine.deployments.listByState('running').filter((d) => d.nextChargeAt !== null);
  const queue = running.map((d) => ({ d, at: d.nextChargeAt! }));
  let balance = engine.ledger.balance();
  for (let step = 0; step < MAX_STEPS && queue.length > 0; step++) {
    queue.sort((a, b) => a.at - b.at || a.d.id - b.d.id);
    const next = queue[0]!;
    const price = engine.catalog.priceAt(next.d.tier, Math.max(next.at, now));
    if (price > balance) {
      const at = Math.max(next.at, now);
      const hours = (at - now) / HOUR_MS;
      return { state: runwayState(hours, pausedForCredits), endsAt: new Date(at).toISOString(), hours, firstToPause: { deploymentId: next.d.id, name: next.d.name, at: new Date(at).toISOString() } };
    }
    balance -= price;
    next.at += HOUR_MS;
  }
  return { state: runwayState(null, pausedForCredits), endsAt: null, hours: null, firstToPause: null };
}
