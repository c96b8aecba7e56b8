import type { PushEvent, PushEvents, Snapshot } from '../../../preload/contract.js';
import type { Services } from '../../core/services.js';
import { alertDto } from './alert-present.js';
import { PaymentsSyncSchedule, type PaymentsSyncOptions, type PaymentsSyncStatus } from './payments-sync-schedule.js';
import { UsageScrapeSchedule } from './usage-scrape-schedule.js';
import { buildSnapshot } from './snapshot.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/** What decides whether a snapshot changed: everything but the reading time and the ticking hours. */
function changeKey(s: Snapshot): string {
  return JSON.stringify({ ...s, at: null, runway: { ...s.runway, hours: null } });
}

/** How long a closing host waits for a payments sync in flight (its Stripe calls time out later than a user waits). */
export const HOST_CLOSE_WAIT_MS = 10_000;

/**
 * Fans pushed events out to every transport's subscribers. `refresh()` settles,
 * rebuilds the snapshot and emits `snapshot/changed` only when it differs from
 * the last one sent; concurrent refreshes share one pass. It also wakes the
 * background payments sync, which it never waits for: the sync pushes its own
 * snapshot when it is done.
 */
export class PushHub {
  private readonly listeners = new Set<Listener>();
  private lastKey: string | null = null;
  private last: Snapshot | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private force = false;
  /** Newest alert id already announced; null until the first pass (older alerts are not re-announced). */
  private lastAlertId: number | null = null;
  private readonly paymentsSync: PaymentsSyncSchedule;
  private readonly usageScrape: UsageScrapeSchedule;
  private readonly unwatchControl: () => void;

  constructor(
    private readonly services: Services,
    opts: PaymentsSyncOptions = {},
  ) {
    this.paymentsSync = new PaymentsSyncSchedule(services.payments, () => this.push(), opts);
    this.usageScrape = new UsageScrapeSchedule(services.usage, () => this.push(), opts.now);
    // A control action finishes after the request that caused it (a hook may take a minute): its outcome,
    // a control_failed alert or its resolution is pushed then, not at the next heartbeat. Forced, because the
    // history a Control dialog shows is not part of the snapshot: the new version is what tells it to reload.
    this.unwatchControl = services.control.outbox.onChange(
      () => void this.push(true).catch((e: unknown) => console.error('[burnrate] push after a control action failed:', e)),
    );
  }

  /** How the last background payments sync went (Settings shows it; a failure never stops a refresh). */
  paymentsSyncStatus(): PaymentsSyncStatus {
    return this.paymentsSync.status();
  }

  /**
   * Resolves once the background payments sync (and usage scrape) in flight, if
   * any, finished and pushed its snapshot, or after `maxWaitMs` (a host closing waits that long
   * at most, so a stuck Stripe call cannot hold the quit).
   */
  paymentsSynced(maxWaitMs = Infinity): Promise<void> {
    const idle = Promise.all([this.paymentsSync.idle(), this.usageScrape.idle()]).then(() => undefined);
    if (!Number.isFinite(maxWaitMs)) return idle;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxWaitMs);
    });
    return Promise.race([idle, late]).finally(() => clearTimeout(timer));
  }

  /** Starts no more payments syncs or usage scrapes and pushes no more control outcomes (the host is closing); a sync in flight pushes nothing. */
  close(): void {
    this.unwatchControl();
    this.paymentsSync.stop();
    this.usageScrape.stop();
  }

  /** Adds a subscriber; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one event to every subscriber; a failing subscriber does not stop the others. */
  emit<E extends PushEvent>(event: E, payload: PushEvents[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error('[burnrate] push subscriber failed:', err);
      }
    }
  }

  /** The last snapshot sent (or null before the first refresh). */
  current(): Snapshot | null {
    return this.last;
  }

  /** A freshly settled snapshot for a new subscriber (does not affect what the others are sent). */
  async fresh(): Promise<Snapshot> {
    await this.services.engine.settle();
    return buildSnapshot(this.services);
  }

  /**
   * Settles and pushes the snapshot if it changed; safe to call from timers and
   * after every action. `force` pushes it even if only the time moved (a clock
   * jump). Wakes the payments sync and the usage scrape without waiting for them: nothing here waits
   * on Stripe.
   */
  refresh(force = false): Promise<void> {
    this.paymentsSync.wake();
    this.usageScrape.wake();
    return this.push(force);
  }

  /** Runs a pass, or joins the one running (which then runs once more, so it sees what the caller changed). */
  private push(force = false): Promise<void> {
    this.force ||= force;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    await this.services.engine.settle();
    this.announceAlerts();
    const snap = buildSnapshot(this.services);
    const key = changeKey(snap);
    const forced = this.force;
    this.force = false;
    if (key === this.lastKey && !forced) return;
    this.lastKey = key;
    this.last = snap;
    this.emit('snapshot/changed', snap);
  }

  /** Emits `alerts/raised` for each alert recorded since the last pass, oldest first. */
  private announceAlerts(): void {
    const recent = this.services.alerts.list({ limit: 50 });
    const newest = recent.reduce((max, a) => Math.max(max, a.id), 0);
    if (this.lastAlertId !== null) {
      const since = this.lastAlertId;
      for (const a of recent.filter((x) => x.id > since).sort((x, y) => x.id - y.id)) this.emit('alerts/raised', alertDto(a));
    }
    this.lastAlertId = Math.max(this.lastAlertId ?? 0, newest);
  }
}
