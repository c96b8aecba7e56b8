import type { PushEvent, PushEvents, Snapshot } from '../../../preload/contract.js';
import type { Services } from '../../core/services.js';
import { alertDto } from './alert-present.js';
import { buildSnapshot } from './snapshot.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/** How often the hub syncs payments with Stripe on its own (the issue: "on startup and periodically"). */
export const PAYMENTS_SYNC_EVERY_MS = 15 * 60_000;
/** A gap this long between two refreshes (hosts refresh every minute) means the machine slept: sync on wake. */
export const WAKE_GAP_MS = 5 * 60_000;

/** Options of the hub; tests inject the wall clock and the period. */
export interface PushHubOptions {
  /** Period of the payments sync; 0 turns the periodic sync off (an open Checkout is still polled). */
  syncEveryMs?: number;
  /** Wall-clock reading for the sync schedule (not the engine's clock, which may be a test clock). */
  now?: () => number;
}

/** How the last payments sync went: a quiet status, not a crash. */
export interface PaymentsSyncStatus {
  /** When the last sync ran (wall clock, epoch ms), or null before the first. */
  at: number | null;
  /** Why it failed (Stripe unreachable, a refused key…), or null when it went through. */
  error: string | null;
}

/** What decides whether a snapshot changed: everything but the reading time and the ticking hours. */
function changeKey(s: Snapshot): string {
  return JSON.stringify({ ...s, at: null, runway: { ...s.runway, hours: null } });
}

/**
 * Fans pushed events out to every transport's subscribers. `refresh()` settles,
 * rebuilds the snapshot and emits `snapshot/changed` only when it differs from
 * the last one sent; concurrent refreshes share one pass.
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
  private readonly syncEveryMs: number;
  private readonly wallNow: () => number;
  private lastSyncAt: number | null = null;
  private lastPassAt: number | null = null;
  private status: PaymentsSyncStatus = { at: null, error: null };

  constructor(
    private readonly services: Services,
    opts: PushHubOptions = {},
  ) {
    this.syncEveryMs = opts.syncEveryMs ?? PAYMENTS_SYNC_EVERY_MS;
    this.wallNow = opts.now ?? Date.now;
  }

  /** How the last payments sync went (hosts may show it; a failure never stops a refresh). */
  paymentsSyncStatus(): PaymentsSyncStatus {
    return { ...this.status };
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
   * after every action. `force` pushes it even if only the time moved (a clock jump).
   */
  refresh(force = false): Promise<void> {
    this.force ||= force;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    await this.syncPayments();
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

  /**
   * Syncs payments with Stripe at startup (the first pass), every
   * `syncEveryMs`, after a wake (a long gap between passes), and on every pass
   * while a Checkout is open (a browser payment is credited on the next
   * wake-up). Runs inside the pass, so two never overlap; the snapshot built
   * after it carries new credits and refunds. A failure becomes the quiet
   * status and waits for the next period.
   */
  private async syncPayments(): Promise<void> {
    const payments = this.services.payments;
    const now = this.wallNow();
    const slept = this.lastPassAt !== null && now - this.lastPassAt >= WAKE_GAP_MS;
    this.lastPassAt = now;
    const checkoutOpen = payments.store.withStatus(['open']).some((p) => p.kind === 'checkout');
    const periodic = this.syncEveryMs > 0 && (this.lastSyncAt === null || slept || now - this.lastSyncAt >= this.syncEveryMs || now < this.lastSyncAt);
    if (!checkoutOpen && !periodic) return;
    this.lastSyncAt = now;
    // Nothing on Stripe can be ours before a customer exists: do not start the sandbox just to ask.
    if (!checkoutOpen && !payments.hasAccount()) return;
    try {
      await payments.sync();
      this.status = { at: now, error: null };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      // Said once per distinct problem: an unreachable Stripe must not fill the log every period.
      if (error !== this.status.error) console.warn('[burnrate] payments sync failed (will retry):', error);
      this.status = { at: now, error };
    }
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
