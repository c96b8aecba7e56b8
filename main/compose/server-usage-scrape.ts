import type { UsageScraper } from '../core/usage/usage-scrape.js';
import { USAGE_SCRAPE_EVERY_MS } from '../host/handlers/usage-scrape-schedule.js';
import { OrgBackgroundJob } from './org-background-job.js';
import type { OrgServices } from './server-services.js';

/** Whether an org's metrics endpoints are due a scrape, by the wall clock (the desktop's rule: once a period, again at once if the clock went back). */
export function usageScrapeDue(lastAt: number | undefined, now: number, everyMs = USAGE_SCRAPE_EVERY_MS): boolean {
  return lastAt === undefined || now < lastAt || now - lastAt >= everyMs;
}

/**
 * The server's usage scrape (the desktop's UsageScrapeSchedule, per org): the
 * scheduler asks it after settling an org whose lease this process holds, so
 * one process at a time scrapes an org's deployments' `/metrics`, every
 * period (a minute by default), with nobody connected. Nothing is fetched for
 * an org with no metrics URL. A scrape runs in the org's queue on the
 * machine's clock (its requests land in the machine's current hour) and is
 * never awaited by the tick: a slow endpoint holds up that org only. Even if
 * a lease changed hands mid-scrape, an increase is counted once (the scraper
 * records a reading only if nobody recorded one since it read the target).
 * What it counts reaches idle pauses at the org's next settle (the next tick).
 */
export class ServerUsageScrape {
  private readonly job: OrgBackgroundJob;

  constructor(
    orgs: OrgServices,
    log: (line: string) => void,
    private readonly everyMs = USAGE_SCRAPE_EVERY_MS,
    wallNow: () => number = Date.now,
  ) {
    // Endpoint failures are recorded per target by the scraper; what the job logs is a database problem.
    this.job = new OrgBackgroundJob(orgs, 'usage scrape', log, wallNow);
  }

  /** Starts the org's scrape when one is due and none is running (call it inside the org's queue); returns at once. */
  startIfDue(orgId: number, usage: Pick<UsageScraper, 'targets'>): void {
    this.job.startIfDue(
      orgId,
      (lastAt, now) => usageScrapeDue(lastAt, now, this.everyMs),
      (services) => services.usage.scrape(),
      () => usage.targets().length > 0,
    );
  }

  /** The org's lease went to another process: forget when this one last scraped it. */
  forget(orgId: number): void {
    this.job.forget(orgId);
  }

  /** Resolves once no scrape is running (a clean stop). */
  idle(): Promise<void> {
    return this.job.idle();
  }
}
