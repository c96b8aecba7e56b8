import { systemClock } from '../core/clock.js';
import type { Payments } from '../core/payments/payments.js';
import { PAYMENTS_SYNC_EVERY_MS } from '../host/handlers/payments-sync-schedule.js';
import type { OrgServices } from './server-services.js';

/** While a payment's outcome is unknown or waits for the card holder, its org is asked about this often. */
export const WAITING_SYNC_EVERY_MS = 60_000;

/** When an org's payments are synced with the gateway, as the desktop's background sync decides it. */
export function paymentsSyncDue(
  payments: Pick<Payments, 'waiting' | 'hasAccount'>,
  lastAt: number | undefined,
  now: number,
  everyMs = PAYMENTS_SYNC_EVERY_MS,
): boolean {
  const waiting = payments.waiting();
  // A Checkout or card-setup page open in someone's browser: asked every tick, so its credit lands within one.
  if (waiting.browserPageOpen) return true;
  // Nothing on Stripe can be ours before a customer exists or a payment waits on it: no call at all.
  const unresolved = waiting.outcomeUnknown + waiting.awaitingAction > 0;
  if (!payments.hasAccount() && !unresolved) return false;
  if (lastAt === undefined || now < lastAt) return true;
  return now - lastAt >= (unresolved ? Math.min(everyMs, WAITING_SYNC_EVERY_MS) : everyMs);
}

/**
 * The server's payments sync (the desktop's PaymentsSyncSchedule, per org):
 * the scheduler asks it after settling an org whose lease this process holds,
 * so one process at a time polls an org's payments — payments left pending
 * by a crash (a server killed between the Stripe call and the record),
 * Checkout and card-setup pages completed in a browser, refunds and purchases
 * made elsewhere. A sync runs in the org's queue (after the calls before it,
 * on the machine's clock) and is never awaited by the tick, so a slow Stripe
 * holds up only that org. Failures are logged once per distinct reason.
 */
export class ServerPaymentsSync {
  private readonly lastAt = new Map<number, number>();
  private readonly lastError = new Map<number, string>();
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly orgs: OrgServices,
    private readonly log: (line: string) => void,
    private readonly wallNow: () => number = Date.now,
    private readonly everyMs = PAYMENTS_SYNC_EVERY_MS,
  ) {}

  /** Starts the org's sync when one is due and none is running (call it inside the org's queue); returns at once. */
  startIfDue(orgId: number, payments: Pick<Payments, 'waiting' | 'hasAccount'>): void {
    if (this.running.has(orgId)) return;
    const now = this.wallNow();
    if (!paymentsSyncDue(payments, this.lastAt.get(orgId), now, this.everyMs)) return;
    this.lastAt.set(orgId, now);
    const run = this.orgs
      .withOrg(orgId, systemClock, (services) => services.payments.sync())
      .then(
        () => void this.lastError.delete(orgId),
        (err: unknown) => {
          const why = err instanceof Error ? err.message : String(err);
          if (this.lastError.get(orgId) !== why) this.log(`[burnrate server] payments sync of org ${orgId} failed (will retry): ${why}`);
          this.lastError.set(orgId, why);
        },
      )
      .finally(() => this.running.delete(orgId));
    this.running.set(orgId, run);
  }

  /** The org's lease went to another process: its next lease here starts with a sync. */
  forget(orgId: number): void {
    this.lastAt.delete(orgId);
  }

  /** Resolves once no sync is running (a clean stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
