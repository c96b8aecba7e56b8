import type {
  Analysis as AnalysisDto,
  DailySpend as DailyDto,
  PauseSchedule as ScheduleDto,
  ScheduleWindow,
  Suggestion as SuggestionDto,
} from '../../../preload/contract.js';
import type { Engine } from '../../core/engine.js';
import type { Analysis } from '../../core/insights/analysis.js';
import type { DailySpend } from '../../core/insights/daily-series.js';
import type { Suggestion } from '../../core/insights/suggestions.js';
import { iso } from '../../core/calendar.js';
import type { StoredSchedule } from '../../core/schedules/schedule-repo.js';
import type { PauseWindow, Weekday } from '../../core/schedules/schedule-types.js';
import { WEEKDAYS } from '../../core/schedules/schedule-types.js';

const DAYS_PER_MONTH = 30;

/** A day of spend with its per-deployment split as a list. */
export function dailyDto(d: DailySpend): DailyDto {
  return { date: d.date, total: d.total, byDeployment: Object.entries(d.byDeployment).map(([id, credits]) => ({ deploymentId: Number(id), credits })) };
}

/** The cost analysis in the contract's shape. */
export function analysisDto(a: Analysis): AnalysisDto {
  const byModel = new Map<string, number>();
  for (const t of a.top) byModel.set(t.model, (byModel.get(t.model) ?? 0) + t.credits);
  return {
    days: a.periodDays,
    from: a.from,
    to: a.to,
    total: a.total,
    previousTotal: a.previousTotal,
    changePct: a.changePct,
    averagePerDay: a.averagePerDay,
    daily: a.days.map(dailyDto),
    deployments: a.top.map((t) => ({ id: t.deploymentId, name: t.name, model: t.model })),
    costByModel: [...byModel].map(([model, credits]) => ({ model, credits })).sort((x, y) => y.credits - x.credits),
    topDeployments: a.top.map((t) => ({ deploymentId: t.deploymentId, name: t.name, credits: t.credits })),
    topHours: a.topHours,
    costPer1kRequests: a.top
      .filter((t) => t.requests !== null && t.costPer1kRequests !== null)
      .map((t) => ({ deploymentId: t.deploymentId, name: t.name, credits: t.credits, requests: t.requests!, per1k: t.costPer1kRequests! })),
    top: a.top,
  };
}

/** Suggestion ids are `kind:deploymentId`; the contract spells kinds with underscores. */
export function suggestionDto(s: Suggestion): SuggestionDto {
  return {
    id: `${s.kind}:${s.deploymentId}`,
    kind: s.kind.replace(/-/g, '_') as SuggestionDto['kind'],
    deploymentId: s.deploymentId,
    title: s.title,
    why: s.reason,
    monthlySaving: s.monthlySavingCredits,
    applicable: s.action !== null,
    action: s.action,
  };
}

/** Core windows (several days each) as one contract window per day (0 = Monday). */
export function windowsToDto(windows: PauseWindow[]): ScheduleWindow[] {
  return windows.flatMap((w) => w.days.map((d) => ({ day: WEEKDAYS.indexOf(d), start: w.start, end: w.end })));
}

/** Contract windows grouped back into core windows by their times. */
export function windowsFromDto(windows: ScheduleWindow[]): PauseWindow[] {
  const groups = new Map<string, PauseWindow>();
  for (const w of windows) {
    const key = `${w.start}-${w.end}`;
    const g = groups.get(key) ?? { days: [] as Weekday[], start: w.start, end: w.end };
    const day = WEEKDAYS[w.day]!;
    if (!g.days.includes(day)) g.days.push(day);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Paused hours per week of a set of windows (an end at or before the start runs past midnight). */
export function pausedHoursPerWeek(windows: PauseWindow[]): number {
  let total = 0;
  for (const w of windows) {
    let span = minutes(w.end) - minutes(w.start);
    if (span <= 0) span += 24 * 60;
    total += (span / 60) * w.days.length;
  }
  return Math.min(total, 7 * 24);
}

/** A schedule with its estimated monthly saving at today's price, its zone, its windows as stored and its next edge. */
export function scheduleDto(engine: Engine, s: StoredSchedule): ScheduleDto {
  const d = engine.deployments.find(s.deploymentId);
  const price = d ? engine.catalog.priceAt(d.tier, engine.now()) : 0;
  const saving = Math.round((pausedHoursPerWeek(s.windows) * price * DAYS_PER_MONTH) / 7);
  return {
    deploymentId: s.deploymentId,
    windows: windowsToDto(s.windows),
    monthlySaving: saving,
    timeZone: s.timeZone,
    windowGroups: s.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end })),
    nextEdge: s.nextEdge ? { at: iso(s.nextEdge.at), kind: s.nextEdge.kind } : null,
  };
}
