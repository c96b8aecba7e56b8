import { HOUR_MS } from '../clock.js';
import { pauseIntervals } from '../schedules/weekly-windows.js';
import type { ForecastDeployment } from './forecast-types.js';

/**
 * The start times of the hours a deployment will be charged in [now, until),
 * following the same rules as the engine: a charge every hour while running;
 * a schedule pause at p stops charges from p on (an edge at the same instant
 * as a charge comes first); a resume inside the paid hour charges from its
 * end, otherwise at once.
 */
export function* chargeTimes(d: ForecastDeployment, now: number, until: number): Generator<number> {
  const windows = d.schedule ? pauseIntervals(d.schedule, now, until) : [];
  let paidUntil = d.paidUntil;
  let t: number;
  let i: number;
  if (d.nextChargeAt !== null) {
    t = d.nextChargeAt;
    i = windows.findIndex((w) => w.start >= now);
  } else {
    if (d.resumeAt === null) return;
    t = paidUntil !== null && paidUntil > d.resumeAt ? paidUntil : d.resumeAt;
    i = windows.findIndex((w) => w.start > d.resumeAt!);
  }
  if (i < 0) i = windows.length;
  for (;;) {
    const w = windows[i];
    if (w && w.start <= t) {
      // Paused at w.start; resumed at w.end under the normal resume rule.
      t = paidUntil !== null && paidUntil > w.end ? paidUntil : w.end;
      i++;
      continue;
    }
    if (t >= until) return;
    yield t;
    paidUntil = t + HOUR_MS;
    t += HOUR_MS;
  }
}

/** Credits the deployment will be charged in [now, until). */
export function chargesUntil(
  d: ForecastDeployment,
  now: number,
  until: number,
  priceAt: (tier: string, at: number) => number,
): { credits: number; hours: number } {
  let credits = 0;
  let hours = 0;
  for (const t of chargeTimes(d, now, until)) {
    credits += priceAt(d.tier, t);
    hours++;
  }
  return { credits, hours };
}
