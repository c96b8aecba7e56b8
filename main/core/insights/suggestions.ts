import { z } from 'zod';
import { cheapestFittingTier, fitsTier, memoryNeededGb, QUANTIZED_TARGET } from '../catalog/model-sizing.js';
import { DAY_MS, HOUR_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import type { PauseWindow } from '../schedules/schedule-types.js';
import { pauseIntervals } from '../schedules/weekly-windows.js';
import { usageHours } from '../usage/usage-queries.js';
import { chargesUntil } from './charge-schedule.js';
import { idleHoursSavedPerWeek, SUGGESTED_IDLE_MINUTES } from '../control/idle-suggestion.js';
import { cachedStatement } from '../db/statement-cache.js';
import { readForecastInput } from './forecast-inputs.js';
import type { ForecastDeployment } from './forecast-types.js';

/** What the Apply button does; null when the change is not one the app can make. */
export type SuggestionAction =
  | { type: 'set-tier'; tier: string }
  | { type: 'pause' }
  | { type: 'set-schedule'; timeZone: string; windows: PauseWindow[] }
  | { type: 'set-idle'; afterMinutes: number };

export const SUGGESTION_KINDS = ['right-size', 'quantize', 'pause-idle', 'schedule', 'idle-auto-pause'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** One optimization, with what it saves over the next 30 days at today's prices. */
export interface Suggestion {
  kind: SuggestionKind;
  deploymentId: number;
  monthlySavingCredits: number;
  action: SuggestionAction | null;
  title: string;
  reason: string;
}

/** The "nights and weekends" schedule suggested: paused Mon–Fri 20:00–08:00 and from Friday 20:00 to Monday 08:00. */
export const NIGHTS_AND_WEEKENDS: PauseWindow[] = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '20:00', end: '08:00' },
  { days: ['sat', 'sun'], start: '00:00', end: '24:00' },
  { days: ['mon'], start: '00:00', end: '08:00' },
];

/** Hours without a request (with request counts known) after which a deployment counts as idle. */
export const idleHoursSchema = z
  .number()
  .int()
  .min(1)
  .max(24 * 30);
/** Off-hours share of requests at or below which a nights-and-weekends schedule is suggested. */
const QUIET_OFF_HOURS_SHARE = 0.05;
/** Share of the idle window's hours that must have a request count before "idle" is claimed. */
const IDLE_COVERAGE = 0.8;
/** "Monthly" means the next 30 days. */
const MONTH_MS = 30 * DAY_MS;

/** The idle threshold in hours (setting `insights.idleHours`, default 24). */
export function idleHours(engine: Engine): number {
  return engine.settings.get('insights.idleHours', idleHoursSchema, 24);
}

/**
 * Suggestions for every running deployment (and those paused by schedule),
 * largest saving first. Savings are credits over the next 30 days, following
 * each deployment's own charge schedule.
 */
export function suggestions(engine: Engine): Suggestion[] {
  const input = readForecastInput(engine);
  const { now } = input;
  const tiers = engine.catalog.list(now);
  const idleFor = idleHours(engine);
  const out: Suggestion[] = [];
  for (const f of input.deployments) {
    const d = engine.deployments.get(f.id);
    const current = tiers.find((t) => t.code === d.tier);
    if (!current) continue;
    const hours = monthlyHours(f, now, input.priceAt);
    const saving = (cheaper: number) => (current.creditsPerHour - cheaper) * hours;
    const fit = cheapestFittingTier(d.paramsB, d.precision, tiers);
    const need = memoryNeededGb(d.paramsB, d.precision);
    if (fit && fit.creditsPerHour < current.creditsPerHour && hours > 0) {
      out.push({
        kind: 'right-size',
        deploymentId: d.id,
        monthlySavingCredits: saving(fit.creditsPerHour),
        action: { type: 'set-tier', tier: fit.code },
        title: `Move ${d.name} to GPU ${fit.code}`,
        reason: `${d.paramsB}B ${d.precision} needs about ${need} GB; GPU ${fit.code} has ${fit.memoryGb} GB and costs ${fit.creditsPerHour} credits/h instead of ${current.creditsPerHour}.`,
      });
    }
    const quantized = d.precision === 'awq' || d.precision === 'int4' ? null : cheapestFittingTier(d.paramsB, QUANTIZED_TARGET, tiers);
    const bestNow = fit && fitsTier(d.paramsB, d.precision, current) ? Math.min(fit.creditsPerHour, current.creditsPerHour) : current.creditsPerHour;
    if (quantized && quantized.creditsPerHour < bestNow && hours > 0) {
      const pct = Math.round(((current.creditsPerHour - quantized.creditsPerHour) / current.creditsPerHour) * 1000) / 10;
      out.push({
        kind: 'quantize',
        deploymentId: d.id,
        monthlySavingCredits: saving(quantized.creditsPerHour),
        action: null,
        title: `Serve ${d.name} as AWQ on GPU ${quantized.code} (${pct} % less)`,
        reason: `${d.paramsB}B AWQ needs about ${memoryNeededGb(d.paramsB, QUANTIZED_TARGET)} GB and fits GPU ${quantized.code}. Deploy the quantized weights, then move it to GPU ${quantized.code}.`,
      });
    }
    const idle = isIdle(engine, d.id, now, idleFor);
    if (idle && f.nextChargeAt !== null) {
      out.push({
        kind: 'pause-idle',
        deploymentId: d.id,
        monthlySavingCredits: current.creditsPerHour * hours,
        action: { type: 'pause' },
        title: `Pause ${d.name}: no requests for ${idleFor} h`,
        reason: `It served no requests in the last ${idleFor} hours and costs ${current.creditsPerHour} credits/h.`,
      });
    }
    const schedule = idle || f.schedule ? null : scheduleSuggestion(engine, f, current.creditsPerHour, hours, input.timeZone, now);
    if (schedule) out.push(schedule);
    const auto = idle ? null : idleAutoPauseSuggestion(engine, d, current.creditsPerHour, now);
    if (auto) out.push(auto);
  }
  return out.sort((a, b) => b.monthlySavingCredits - a.monthlySavingCredits || a.deploymentId - b.deploymentId || a.kind.localeCompare(b.kind));
}

/** Hours charged in the 30 days from the deployment's next charge (or resume): a "month" of its schedule. */
function monthlyHours(f: ForecastDeployment, now: number, priceAt: (tier: string, at: number) => number): number {
  const from = Math.max(now, f.nextChargeAt ?? f.resumeAt ?? now);
  return chargesUntil(f, from, from + MONTH_MS, priceAt).hours;
}

/**
 * No requests in the last `hours` hours, with request counts known for most
 * of that window (IDLE_COVERAGE): one quiet hour, or a single scrape, says
 * nothing about the other twenty-three.
 */
function isIdle(engine: Engine, id: number, now: number, hours: number): boolean {
  const rows = usageHours(engine.db, id, now - hours * HOUR_MS, now + 1);
  return rows.length >= Math.ceil(hours * IDLE_COVERAGE) && rows.every((r) => r.requests === 0);
}

function scheduleSuggestion(engine: Engine, f: ForecastDeployment, price: number, hours: number, tz: string, now: number): Suggestion | null {
  const plan = { deploymentId: f.id, timeZone: tz, windows: NIGHTS_AND_WEEKENDS };
  const off = pauseIntervals(plan, now - 7 * DAY_MS, now);
  const rows = usageHours(engine.db, f.id, now - 7 * DAY_MS, now);
  const total = rows.reduce((s, r) => s + r.requests, 0);
  const offHours = rows.filter((r) => off.some((iv) => iv.start <= r.hourStart && r.hourStart < iv.end)).reduce((s, r) => s + r.requests, 0);
  if (total > 0 && offHours / total > QUIET_OFF_HOURS_SHARE) return null;
  const withPlan = monthlyHours({ ...f, schedule: plan }, now, () => price);
  const monthlySavingCredits = (hours - withPlan) * price;
  if (monthlySavingCredits <= 0) return null;
  const d = engine.deployments.get(f.id);
  return {
    kind: 'schedule',
    deploymentId: f.id,
    monthlySavingCredits,
    action: { type: 'set-schedule', timeZone: tz, windows: NIGHTS_AND_WEEKENDS },
    title: `Pause ${d.name} at night and at weekends`,
    reason:
      total > 0
        ? `Only ${Math.round((offHours / total) * 1000) / 10} % of last week's requests came outside Mon–Fri 08:00–20:00.`
        : 'No request counts are known for it; if nobody uses it outside working hours, a schedule pauses it then and resumes it at 08:00.',
  };
}

/** Offers idle auto-pause where last week's request counts show long idle stretches and it is not on yet. */
function idleAutoPauseSuggestion(engine: Engine, d: { id: number; name: string }, price: number, now: number): Suggestion | null {
  const on = cachedStatement(engine.db, 'SELECT 1 FROM deployment_idle WHERE deployment_id = ?', 'pluck').get(d.id) !== undefined;
  if (on) return null;
  const weekly = idleHoursSavedPerWeek(engine, d.id, now);
  if (weekly <= 0) return null;
  return {
    kind: 'idle-auto-pause',
    deploymentId: d.id,
    monthlySavingCredits: Math.round((weekly * price * 30) / 7),
    action: { type: 'set-idle', afterMinutes: SUGGESTED_IDLE_MINUTES },
    title: `Pause ${d.name} after ${SUGGESTED_IDLE_MINUTES} min without a request`,
    reason: `Last week it sat idle for stretches of hours; idle auto-pause would have stopped it after the first hour of each (${Math.round(weekly)} h).`,
  };
}
