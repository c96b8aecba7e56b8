import type { UsageScraper } from '../../core/usage/usage-scrape.js';

/** How often the app hosts scrape the deployments' metrics endpoints (wall clock; hosts wake every minute). */
export const USAGE_SCRAPE_EVERY_MS = 60_000;

/**
 * The hosts' background usage scraping (Prometheus `/metrics` of the
 * deployments that have a URL): on a wake-up when a period has passed since
 * the last scrape (or the wall clock went back), started and never awaited,
 * one at a time. Nothing runs while no deployment has a metrics URL. A failing
 * endpoint is recorded on its target (`lastError`) by the scraper, never thrown.
 * `onScraped` runs after a scrape that counted requests: idle suggestions and
 * cost per 1,000 requests read them.
 */
export class UsageScrapeSchedule {
  private lastAt: number | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly usage: UsageScraper,
    private readonly onScraped: () => Promise<void>,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** A wake-up: starts a scrape in the background when one is due and none runs; returns at once. */
  wake(): void {
    if (this.stopped || this.running) return;
    const now = this.wallNow();
    if (this.lastAt !== null && now >= this.lastAt && now - this.lastAt < USAGE_SCRAPE_EVERY_MS) return;
    if (this.usage.targets().length === 0) return;
    this.lastAt = now;
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  /** The scrape in flight and its `onScraped`, or nothing: for a clean shutdown and for tests. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** No scrape starts after this; one in flight finishes without calling `onScraped`. */
  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    try {
      const results = await this.usage.scrape();
      if (!this.stopped && results.some((r) => r.requests > 0)) await this.onScraped();
    } catch (err) {
      // The scraper reports endpoint failures per target; what reaches here is a database problem.
      if (!this.stopped) console.error('[burnrate] usage scrape failed:', err);
    }
  }
}
