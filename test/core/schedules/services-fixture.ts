import { SimulatedClock } from '../../../main/core/clock.js';
import type { NewDeployment } from '../../../main/core/deployments/deployment-types.js';
import { timeZoneSchema } from '../../../main/core/settings/engine-settings.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { grantCredits, spec } from '../../support/engine-fixture.js';

/** Services (engine, schedules, insights, alerts) on an in-memory database with a simulated clock. */
export async function memoryServices(start: string | number, timeZone = 'UTC'): Promise<{ s: Services; clock: SimulatedClock }> {
  const clock = new SimulatedClock(typeof start === 'string' ? Date.parse(start) : start);
  const s = await openServices({ dataDir: ':memory:', clock });
  s.engine.settings.set('app.timeZone', timeZoneSchema, timeZone);
  return { s, clock };
}

/** Creates and starts a deployment, returning its id. */
export async function startDeployment(s: Services, overrides: Partial<NewDeployment> = {}): Promise<number> {
  const d = await s.engine.createDeployment(spec(overrides));
  await s.engine.startDeployment(d.id);
  return d.id;
}

/** Credits through a one-off coupon. */
export const credit = (s: Services, credits: number) => grantCredits(s.engine, credits);

/** Transitions of a deployment as "to_state/reason@ISO". */
export function transitions(s: Services, id: number): string[] {
  return s.engine.deployments.events(id).map((e) => `${e.toState}/${e.reason}@${new Date(e.at).toISOString()}`);
}

/** ISO hour starts of a deployment's charges. */
export function chargedHours(s: Services, id: number): string[] {
  return (
    s.engine.db.prepare("SELECT hour_start FROM ledger_entries WHERE kind = 'charge' AND deployment_id = ? ORDER BY hour_start").pluck().all(id) as number[]
  ).map((h) => new Date(h).toISOString());
}
