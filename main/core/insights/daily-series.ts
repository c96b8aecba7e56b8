import type { Db } from '../db/open-database.js';
import { localDateOf, lastLocalDays } from './local-days.js';
import { dailySpendByDeployment } from './spend-queries.js';

/** One local day's spend: total and per deployment id. */
export interface DailySpend {
  date: string;
  total: number;
  byDeployment: Record<string, number>;
}

/** Spend per local day for the `days` days ending today (today counts so far), oldest first. */
export function dailySeries(db: Db, now: number, tz: string, days: number): DailySpend[] {
  const bounds = lastLocalDays(now, tz, days);
  // Today ends now: entries dated later (another process ran ahead) are not today's spend yet.
  bounds[bounds.length - 1] = Math.min(bounds[bounds.length - 1]!, now + 1);
  return dailySpendByDeployment(db, bounds).map((m, i) => {
    const byDeployment: Record<string, number> = {};
    let total = 0;
    for (const [id, credits] of [...m].sort((a, b) => a[0] - b[0])) {
      byDeployment[String(id)] = credits;
      total += credits;
    }
    return { date: localDateOf(bounds[i]!, tz), total, byDeployment };
  });
}
