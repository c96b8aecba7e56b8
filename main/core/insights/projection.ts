import { nextMonthStart } from '../calendar.js';
import type { Engine } from '../engine.js';
import { chargesUntil } from './charge-schedule.js';
import type { ForecastInput } from './forecast-types.js';

/**
 * Credits the running deployments (and those their schedules will resume)
 * will be charged from now until the local month ends, as if credits never
 * ran short: the projection answers "what will this month cost", and the
 * runway answers "when does the money run out".
 */
export function restOfMonthCharges(input: ForecastInput): number {
  const end = nextMonthStart(input.now, input.timeZone);
  let total = 0;
  for (const d of input.deployments) total += chargesUntil(d, input.now, end, input.priceAt).credits;
  return total;
}

/** Credits per hour the deployments running right now cost. */
export function burnPerHour(input: ForecastInput): number {
  return burnOf(input.deployments, input.priceAt, input.now);
}

/**
 * The same figure as `burnPerHour`, read straight from the running
 * deployments and today's prices: for callers that need only the burn (a
 * form preview on every keystroke) and not the forecast's runway walk.
 */
export function burnPerHourNow(engine: Engine): number {
  return burnOf(engine.deployments.listByState('running'), (tier, at) => engine.catalog.priceAt(tier, at), engine.now());
}

/** The hourly prices at `now` of the deployments among `deployments` that are being charged. */
function burnOf(deployments: readonly { tier: string; nextChargeAt: number | null }[], priceAt: (tier: string, at: number) => number, now: number): number {
  let total = 0;
  for (const d of deployments) if (d.nextChargeAt !== null) total += priceAt(d.tier, now);
  return total;
}
