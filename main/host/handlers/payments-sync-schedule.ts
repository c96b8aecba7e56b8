import type { Payments } from '../../core/payments/payments.js';

/** How often the hub syncs payments with Stripe on its own (the issue: "on startup and periodically"). */
export const PAYMENTS_SYNC_EVERY_MS = 15 * 60_000;
/** A gap this long between two wake-ups (hosts wake every minute) means the machine slept: sync on wake. */
export const WAKE_GAP_MS = 5 * 60_000;

/** Options of the schedule; tests inject the wall clock and the period. */
export interface PaymentsSyncOptions {
  /** Period of the payments sync; 0 turns the periodic sync off (an open Checkout is still polled). */
  syncEveryMs?: number;
  /** Wall-clock reading for the schedule (not the engine's clock, which may be a test clock). */
  now?: () => number;
}

/** How the last background payments sync went: a quiet status, not a crash. */
export interface PaymentsSyncStatus {
  /** When the last sync ran (wall clock, epoch ms), or null before the first. */
  at: number | null;
  /** Why it failed (Stripe unreachable, a refused key…), or null when it went through. */
  error: string | null;
}

/**
 * The hosts' background payments sync: at startup (the first wake-up), every
 * `syncEveryMs`, after a wake (a long gap between wake-ups or the wall clock
 * set back), and on every wake-up while a Checkout is open. A sync is started,
 * never awaited by the wake-up, so a slow or offline Stripe delays no window,
 * URL or request; one runs at a time (`payments.sync()` also queues a user's
 * Sync behind it). `onSynced` runs when one finished: it pushes the new credits and refunds.
 */
export class PaymentsSyncSchedule {
  private readonly everyMs: number;
  private readonly wallNow: () => number;
  private lastSyncAt: number | null = null;
  private lastWakeAt: number | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private state: PaymentsSyncStatus = { at: null, error: null };

  constructor(
    private readonly payments: Payments,
    private readonly onSynced: () => Promise<void>,
    opts: PaymentsSyncOptions = {},
  ) {
    this.everyMs = opts.syncEveryMs ?? PAYMENTS_SYNC_EVERY_MS;
    this.wallNow = opts.now ?? Date.now;
  }

  /** How the last sync went (Settings shows it; a failure never stops a wake-up). */
  status(): PaymentsSyncStatus {
    return { ...this.state };
  }

  /** The sync in flight and its `onSynced`, or nothing: for a clean shutdown and for tests. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** No sync starts after this; one in flight finishes without calling `onSynced` (the host is closing). */
  stop(): void {
    this.stopped = true;
  }

  /** A wake-up: starts a sync in the background when one is due and none is running; returns at once. */
  wake(): void {
    const now = this.wallNow();
    const slept = this.lastWakeAt !== null && now - this.lastWakeAt >= WAKE_GAP_MS;
    this.lastWakeAt = now;
    if (this.stopped || this.running) return;
    // A card being added in the browser is waited for like a Checkout purchase.
    const waiting = this.payments.waiting();
    const checkoutOpen = waiting.browserPageOpen;
    const periodic = this.everyMs > 0 && (this.lastSyncAt === null || slept || now - this.lastSyncAt >= this.everyMs || now < this.lastSyncAt);
    if (!checkoutOpen && !periodic) return;
    this.lastSyncAt = now;
    // Nothing on Stripe can be ours before a customer exists (or a payment waits on it): do not start the sandbox to find nothing.
    if (!checkoutOpen && !this.payments.hasAccount() && waiting.outcomeUnknown + waiting.awaitingAction === 0) return;
    this.running = this.run(now).finally(() => {
      this.running = null;
    });
  }

  private async run(now: number): Promise<void> {
    try {
      await this.payments.sync();
      this.state = { at: now, error: null };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      // Said once per distinct problem: an unreachable Stripe must not fill the log every period.
      if (error !== this.state.error && !this.stopped) console.warn('[burnrate] payments sync failed (will retry):', error);
      this.state = { at: now, error };
    }
    if (this.stopped) return;
    await this.onSynced().catch((err: unknown) => console.error('[burnrate] pushing the synced snapshot failed:', err));
  }
}
