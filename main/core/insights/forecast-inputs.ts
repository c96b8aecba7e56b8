import type { Engine } from '../engine.js';
import { ScheduleRepo } from '../schedules/schedule-repo.js';
import { userTimeZone } from '../settings/engine-settings.js';
import type { ForecastDeployment, ForecastInput, RefillPolicySource } from './forecast-types.js';

/**
 * Reads the forecast's input from stored state: running deployments with
 * their next charge, deployments the schedule paused with their resume time,
 * each one's schedule, the balance, prices and the refill policy. `at`
 * overrides the clock for rules evaluated at a replayed instant.
 */
export function readForecastInput(engine: Engine, refill?: RefillPolicySource, at?: number): ForecastInput {
  const schedules = new ScheduleRepo(engine.db);
  const deployments: ForecastDeployment[] = [];
  for (const d of engine.deployments.listChargeable()) {
    const running = d.state === 'running';
    const bySchedule = !running;
    const s = schedules.find(d.id) ?? null;
    const resumeAt = bySchedule && s?.nextEdge?.kind === 'resume' ? s.nextEdge.at : null;
    deployments.push({ id: d.id, name: d.name, tier: d.tier, nextChargeAt: running ? d.nextChargeAt : null, resumeAt, paidUntil: d.paidUntil, schedule: s });
  }
  return {
    now: at ?? engine.now(),
    timeZone: userTimeZone(engine.settings),
    balance: engine.ledger.balance(),
    deployments,
    priceAt: (tier, at) => engine.catalog.priceAt(tier, at),
    maxPriceBetween: (tier, from, to) => engine.catalog.maxPriceBetween(tier, from, to),
    refill: refill?.() ?? null,
  };
}
