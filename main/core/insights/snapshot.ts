import { ensureChargeRollupZone } from '../ledger/charge-rollup.js';
import { monthStart } from '../calendar.js';
import type { Engine } from '../engine.js';
import { dailySeries, type DailySpend } from './daily-series.js';
import { readForecastInput } from './forecast-inputs.js';
import type { RefillPolicySource, Runway } from './forecast-types.js';
import { burnPerHour, restOfMonthCharges } from './projection.js';
import { computeRunway } from './runway.js';
import { spendBetween, spendByDeployment } from './spend-queries.js';

/** The dashboard's figures. Times are epoch ms (hosts format them). */
export interface Snapshot {
  at: number;
  timeZone: string;
  balance: number;
  monthSpend: number;
  projectedMonth: number;
  burnPerHour: number;
  /** Null: nothing will be charged, or the balance lasts beyond the 90-day horizon. */
  runway: Runway | null;
  running: number;
  pausedForCredits: number;
  daily: DailySpend[];
  costByModel: { model: string; credits: number }[];
  costByDeployment: { deploymentId: number; name: string; model: string; credits: number }[];
}

/** Options: where auto-refill settings come from (payments), how many days of series. */
export interface SnapshotOptions {
  refill?: RefillPolicySource;
  days?: number;
}

/**
 * Reads the dashboard snapshot from stored state (call after settling). Spend
 * comes from indexed range queries over this month and the last 30 days, never
 * a scan of the whole ledger.
 */
export function snapshot(engine: Engine, opts: SnapshotOptions = {}): Snapshot {
  const input = readForecastInput(engine, opts.refill);
  const { now, timeZone } = input;
  // Keep the daily rollup in the user's zone so spend reads stay rollup-fast.
  ensureChargeRollupZone(engine.db, timeZone);
  const from = monthStart(now, timeZone);
  const monthSpend = spendBetween(engine.db, from, now + 1);
  const byDeployment = spendByDeployment(engine.db, from, now + 1);
  const all = engine.deployments.list();
  const names = new Map(all.map((d) => [d.id, d]));
  const costByDeployment = [...byDeployment]
    .map(([id, v]) => ({ deploymentId: id, name: names.get(id)?.name ?? `#${id}`, model: names.get(id)?.model ?? '?', credits: v.credits }))
    .sort((a, b) => b.credits - a.credits || a.deploymentId - b.deploymentId);
  const models = new Map<string, number>();
  for (const c of costByDeployment) models.set(c.model, (models.get(c.model) ?? 0) + c.credits);
  return {
    at: now,
    timeZone,
    balance: input.balance,
    monthSpend,
    projectedMonth: monthSpend + restOfMonthCharges(input),
    burnPerHour: burnPerHour(input),
    runway: computeRunway(input),
    running: all.filter((d) => d.state === 'running').length,
    pausedForCredits: all.filter((d) => d.state === 'paused' && d.pausedReason === 'insufficient_credits').length,
    daily: dailySeries(engine.db, now, timeZone, opts.days ?? 30),
    costByModel: [...models].map(([model, credits]) => ({ model, credits })).sort((a, b) => b.credits - a.credits || a.model.localeCompare(b.model)),
    costByDeployment,
  };
}
