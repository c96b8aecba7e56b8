import { iso } from '../calendar.js';
import type { Engine } from '../engine.js';
import { userTimeZone } from '../settings/engine-settings.js';
import { requestsByDeployment } from '../usage/usage-queries.js';
import { dailySeries, type DailySpend } from './daily-series.js';
import { lastLocalDays } from './local-days.js';
import { spendBetween, spendByDeployment, topDeploymentHours } from './spend-queries.js';

/** The periods the cost analysis offers. */
export const ANALYSIS_DAYS = [7, 14, 30] as const;

/** A deployment's spend in the period, with cost per 1,000 requests over the hours whose request counts are known. */
export interface TopDeployment {
  deploymentId: number;
  name: string;
  model: string;
  credits: number;
  /** Share of the period's total, 0–100, one decimal. */
  share: number;
  hours: number;
  requests: number | null;
  /** Charged hours whose request count is known (usage rows), at most `hours`. */
  requestHours: number;
  /** Credits of the hours with known counts per 1,000 of their requests; null without counts. */
  costPer1kRequests: number | null;
}

/** The cost analysis view (times ISO-8601 UTC). */
export interface Analysis {
  periodDays: number;
  from: string;
  to: string;
  days: DailySpend[];
  total: number;
  previousTotal: number;
  /** Change vs the previous period in percent (one decimal), null when that period cost nothing. */
  changePct: number | null;
  averagePerDay: number;
  top: TopDeployment[];
  topHours: { deploymentId: number; name: string; hourStart: string; credits: number }[];
}

/**
 * Spend over the last `days` local days (today so far included), compared
 * with the previous period of the same length that ends where this one starts.
 */
export function analysis(engine: Engine, days: number): Analysis {
  const now = engine.now();
  const tz = userTimeZone(engine.settings);
  const from = lastLocalDays(now, tz, days)[0]!;
  const to = now + 1;
  const names = new Map(engine.deployments.list().map((d) => [d.id, d]));
  const total = spendBetween(engine.db, from, to);
  const previousTotal = spendBetween(engine.db, from - (to - from), from);
  const requests = requestsByDeployment(engine.db, from, to);
  const top = [...spendByDeployment(engine.db, from, to)]
    .map(([id, v]): TopDeployment => {
      const r = requests.get(id) ?? null;
      // Only the hours whose requests are counted: all the period's credits over
      // a few hours' requests would make every request look expensive.
      const requestHours = Math.min(r?.hours ?? 0, v.hours);
      const coveredCredits = v.hours > 0 ? (v.credits * requestHours) / v.hours : 0;
      return {
        deploymentId: id,
        name: names.get(id)?.name ?? `#${id}`,
        model: names.get(id)?.model ?? '?',
        credits: v.credits,
        share: total > 0 ? Math.round((v.credits / total) * 1000) / 10 : 0,
        hours: v.hours,
        requests: r?.requests ?? null,
        requestHours,
        costPer1kRequests: r !== null && r.requests > 0 && requestHours > 0 ? Math.round((coveredCredits * 1000 * 100) / r.requests) / 100 : null,
      };
    })
    .sort((a, b) => b.credits - a.credits || a.deploymentId - b.deploymentId);
  return {
    periodDays: days,
    from: iso(from),
    to: iso(now),
    days: dailySeries(engine.db, now, tz, days),
    total,
    previousTotal,
    changePct: previousTotal > 0 ? Math.round(((total - previousTotal) / previousTotal) * 1000) / 10 : null,
    averagePerDay: Math.round(total / days),
    top,
    topHours: topDeploymentHours(engine.db, from, to, 10).map((h) => ({
      deploymentId: h.deploymentId,
      name: names.get(h.deploymentId)?.name ?? `#${h.deploymentId}`,
      hourStart: iso(h.hourStart),
      credits: h.credits,
    })),
  };
}
