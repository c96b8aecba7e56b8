import { systemClock } from '../core/clock.js';
import type { Services } from '../core/services.js';
import type { OrgServices } from './server-services.js';

/**
 * One kind of the server's background work per org (the payments sync, the
 * usage scrape): the scheduler asks it after settling an org whose lease this
 * process holds. At most one run per org at a time, in the org's queue on the
 * machine's clock, never awaited by the tick (a slow outside call holds up
 * that org only); failures are logged once per distinct reason.
 */
export class OrgBackgroundJob {
  private readonly lastAt = new Map<number, number>();
  private readonly lastError = new Map<number, string>();
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly orgs: OrgServices,
    /** What the log calls it ("payments sync"). */
    private readonly what: string,
    private readonly log: (line: string) => void,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /**
   * Starts `run` for the org when `due(lastAt, now)` says so and none is
   * running; returns at once. `worthIt` is asked after the time is marked,
   * so an org with nothing to do is not asked again before its next period.
   */
  startIfDue(
    orgId: number,
    due: (lastAt: number | undefined, now: number) => boolean,
    run: (services: Services) => Promise<unknown>,
    worthIt: () => boolean = () => true,
  ): void {
    if (this.running.has(orgId)) return;
    const now = this.wallNow();
    if (!due(this.lastAt.get(orgId), now)) return;
    this.lastAt.set(orgId, now);
    if (!worthIt()) return;
    const job = this.orgs
      .withOrg(orgId, systemClock, run)
      .then(
        () => void this.lastError.delete(orgId),
        (err: unknown) => {
          const why = err instanceof Error ? err.message : String(err);
          if (this.lastError.get(orgId) !== why) this.log(`[burnrate server] ${this.what} of org ${orgId} failed (will retry): ${why}`);
          this.lastError.set(orgId, why);
        },
      )
      .finally(() => this.running.delete(orgId));
    this.running.set(orgId, job);
  }

  /** The org's lease went to another process: its next lease here starts afresh. */
  forget(orgId: number): void {
    this.lastAt.delete(orgId);
  }

  /** Resolves once no run is going (a clean stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
