import { systemClock } from '../core/clock.js';
import type { UsageScraper } from '../core/usage/usage-scrape.js';
import { USAGE_SCRAPE_EVERY_MS } from '../host/handlers/usage-scrape-schedule.js';
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
  private readonly lastAt = new Map<number, number>();
  private readonly lastError = new Map<number, string>();
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly orgs: OrgServices,
    private readonly log: (line: string) => void,
    private readonly everyMs = USAGE_SCRAPE_EVERY_MS,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** Starts the org's scrape when one is due and none is running (call it inside the org's queue); returns at once. */
  startIfDue(orgId: number, usage: Pick<UsageScraper, 'targets'>): void {
    if (this.running.has(orgId)) return;
    const now = this.wallNow();
    if (!usageScrapeDue(this.lastAt.get(orgId), now, this.everyMs)) return;
    this.lastAt.set(orgId, now);
    if (usage.targets().length === 0) return;
    const run = this.orgs
      .withOrg(orgId, systemClock, (services) => services.usage.scrape())
      .then(
        () => void this.lastError.delete(orgId),
        (err: unknown) => {
          // Endpoint failures are recorded per target by the scraper; what reaches here is a database problem.
          const why = err instanceof Error ? err.message : String(err);
          if (this.lastError.get(orgId) !== why) this.log(`[burnrate server] usage scrape of org ${orgId} failed (will retry): ${why}`);
          this.lastError.set(orgId, why);
        },
      )
      .finally(() => this.running.delete(orgId));
    this.running.set(orgId, run);
  }

  /** The org's lease went to another process: forget when this one last scraped it. */
  forget(orgId: number): void {
    this.lastAt.delete(orgId);
  }

  /** Resolves once no scrape is running (a clean stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
