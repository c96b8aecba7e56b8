import { DAY_MS, HOUR_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { usageHours } from '../usage/usage-queries.js';

/** The limit the card offers. */
export const SUGGESTED_IDLE_MINUTES = 60;
/** A stretch of known zero-request hours at least this long counts as "long". */
const LONG_STRETCH_HOURS = 4;

/**
 * The idle stretches of the last 7 days: runs of consecutive hours whose
 * request count is known and zero. Unknown hours break a run: no data is not
 * no requests.
 */
export function idleStretches(engine: Engine, deploymentId: number, now: number): number[] {
  const rows = usageHours(engine.db, deploymentId, Math.floor((now - 7 * DAY_MS) / HOUR_MS) * HOUR_MS, now);
  const runs: number[] = [];
  let run = 0;
  let prev: number | null = null;
  for (const r of rows) {
    const contiguous = prev !== null && r.hourStart === prev + HOUR_MS;
    if (r.requests === 0) {
      if (run > 0 && !contiguous) {
        runs.push(run);
        run = 0;
      }
      run += 1;
    } else if (run > 0) {
      runs.push(run);
      run = 0;
    }
    prev = r.hourStart;
  }
  if (run > 0) runs.push(run);
  return runs;
}

/**
 * Hours a 60-minute idle auto-pause would have saved last week (each long
 * stretch minus its first hour), or 0 when no stretch is long enough to offer it.
 */
export function idleHoursSavedPerWeek(engine: Engine, deploymentId: number, now: number): number {
  const long = idleStretches(engine, deploymentId, now).filter((h) => h >= LONG_STRETCH_HOURS);
  return long.reduce((sum, h) => sum + h - SUGGESTED_IDLE_MINUTES / 60, 0);
}
