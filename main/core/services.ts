import type { Clock } from './clock.js';
import { Engine } from './engine.js';
import { Alerts } from './alerts/alert-engine.js';
import { Insights } from './insights/insights.js';
import { PauseSchedules } from './schedules/pause-schedules.js';
import { UsageScraper } from './usage/usage-scrape.js';

/** Options for opening everything Burnrate runs on one data folder. */
export interface ServicesOptions {
  dataDir: string;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

/**
 * The composition root: the engine plus the modules that hang off it
 * (payments, insights, alerts, reports). Every host (CLI, web host, Electron
 * shell) opens Burnrate through here, so they all wire it the same way.
 */
export interface Services {
  engine: Engine;
  schedules: PauseSchedules;
  insights: Insights;
  alerts: Alerts;
  usage: UsageScraper;
  close(): Promise<void>;
}

/** Opens the engine and its modules on one data folder. */
export async function openServices(opts: ServicesOptions): Promise<Services> {
  const engine = Engine.open({ dataDir: opts.dataDir, clock: opts.clock });
  // Schedule edges join the settle loop before alerts so summaries see a settled day.
  const schedules = new PauseSchedules(engine);
  engine.addSource(schedules.source);
  const insights = new Insights(engine, schedules);
  const alerts = new Alerts(engine);
  const usage = new UsageScraper(engine);
  return {
    engine,
    schedules,
    insights,
    alerts,
    usage,
    async close() {
      alerts.close();
      engine.close();
    },
  };
}
