import type { Payments } from '../core/payments/payments.js';
import { PAYMENTS_SYNC_EVERY_MS } from '../host/handlers/payments-sync-schedule.js';
import { OrgBackgroundJob } from './org-background-job.js';
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
  private readonly job: OrgBackgroundJob;

  constructor(
    orgs: OrgServices,
    log: (line: string) => void,
    wallNow: () => number = Date.now,
    private readonly everyMs = PAYMENTS_SYNC_EVERY_MS,
  ) {
    this.job = new OrgBackgroundJob(orgs, 'payments sync', log, wallNow);
  }

  /** Starts the org's sync when one is due and none is running (call it inside the org's queue); returns at once. */
  startIfDue(orgId: number, payments: Pick<Payments, 'waiting' | 'hasAccount'>): void {
    this.job.startIfDue(
      orgId,
      (lastAt, now) => paymentsSyncDue(payments, lastAt, now, this.everyMs),
      (services) => services.payments.sync(),
    );
  }

  /** The org's lease went to another process: its next lease here starts with a sync. */
  forget(orgId: number): void {
    this.job.forget(orgId);
  }

  /** Resolves once no sync is running (a clean stop). */
  idle(): Promise<void> {
    return this.job.idle();
  }
}
