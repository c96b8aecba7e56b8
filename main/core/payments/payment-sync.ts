import type { Engine } from '../engine.js';
import { type CardDetails, GatewayError, type GatewayEvent, type GatewayIntent, type PaymentGateway } from './gateway.js';
import type { PaymentNotices } from './notices.js';
import type { PayExecutor } from './pay-executor.js';
import type { PaymentRecorder } from './payment-recorder.js';
import { type Payment, type PaymentStore, resolvablePending } from './payment-store.js';
import type { Purchases } from './purchases.js';
import { type AppliedRefund, applyRefund } from './refunds.js';
import { cachedStatement } from '../db/statement-cache.js';

/** What one sync applied. */
export interface SyncReport {
  credited: { paymentIntent: string; credits: number; kind: string; via: 'resolve' | 'checkout' | 'event' }[];
  failed: { payment: number; reason: string }[];
  refunds: AppliedRefund[];
  eventsSeen: number;
  eventsApplied: number;
  pending: number;
  /** Cards saved in the browser (a card setup that completed) since the last sync. */
  cardsAdded: Pick<CardDetails, 'id' | 'brand' | 'last4'>[];
}

/** How far before the newest event seen each sync reads again (seconds). */
const EVENT_OVERLAP_S = 600;

/** Where sync keeps the `created` of the newest event it has applied (per payments backend). */
export interface EventCursor {
  get(): number | null;
  set(created: number): void;
}

/**
 * Brings the ledger in line with Stripe: resolves payments whose outcome is
 * unknown (same idempotency key, or a retrieve), polls open Checkout
 * sessions, then applies the events feed since the stored cursor. Every
 * path credits through the recorder, so each payment counts once.
 */
export class PaymentSync {
  constructor(
    private readonly engine: Engine,
    private readonly store: PaymentStore,
    private readonly recorder: PaymentRecorder,
    private readonly executor: PayExecutor,
    private readonly purchases: Purchases,
    private readonly notices: PaymentNotices,
    private readonly gateway: () => Promise<PaymentGateway>,
    private readonly cursor: EventCursor,
    private readonly backend: () => string | null,
  ) {}

  /** Resolves payments left pending (crash, timeout), never by paying again. */
  async resolvePending(report: SyncReport = emptySyncReport()): Promise<SyncReport> {
    for (const p of this.ours(this.store.withStatus(['pending', 'requires_action']))) {
      if (p.kind === 'checkout') {
        if (p.status === 'pending' && !p.checkoutSession) await this.purchases.openCheckout(p.id).catch(() => null);
        continue;
      }
      let outcome;
      if (p.paymentIntent) {
        const intent = await this.tryRetrieve(p.paymentIntent);
        outcome = intent ? this.recorder.applyIntent(intent, this.engine.now(), null, p) : null;
      } else {
        outcome = await this.executor.execute(p);
      }
      if (outcome?.status === 'succeeded' && outcome.created)
        report.credited.push({ paymentIntent: outcome.entry.reference ?? '', credits: outcome.entry.credits, kind: p.kind, via: 'resolve' });
      if (outcome?.status === 'failed') report.failed.push({ payment: p.id, reason: outcome.decline.message });
    }
    report.pending = this.pendingCount();
    return report;
  }

  /** Payments left pending on the active backend (another backend's wait until it is back: asking this one would say "no such customer"). */
  pendingCount(): number {
    return this.ours(this.store.withStatus(['pending'])).length;
  }

  private ours(payments: Payment[]): Payment[] {
    return resolvablePending(payments, this.backend());
  }

  /** Polls open Checkout sessions: a completed one credits its payment. */
  async pollCheckouts(report: SyncReport = emptySyncReport()): Promise<SyncReport> {
    for (const p of this.store.withStatus(['open'])) await this.pollCheckout(p, report);
    return report;
  }

  /** Asks Stripe about one open Checkout purchase: a completed session credits it (once), an expired one is closed. */
  async pollCheckout(p: Payment, report: SyncReport = emptySyncReport()): Promise<SyncReport> {
    if (!p.checkoutSession) return report;
    const gw = await this.gateway();
    const s = await gw.retrieveCheckout(p.checkoutSession).catch(() => null);
    if (!s) return report;
    if (s.status === 'expired') this.store.update(p.id, { status: 'canceled' }, this.engine.now());
    if (s.status === 'complete' && s.paymentIntent) await this.creditIntent(s.paymentIntent, report, 'checkout');
    return report;
  }

  /**
   * Applies the events feed since the newest event seen, each event once,
   * whatever order or repetition it comes in. It re-reads an overlap window
   * before that point (events are recorded by id, so a re-read one is skipped):
   * an event stamped a little earlier than the last one seen — a server clock
   * that stepped back, two writers of one sandbox file — is still found.
   */
  async pullEvents(report: SyncReport = emptySyncReport()): Promise<SyncReport> {
    const gw = await this.gateway();
    const since = this.cursor.get();
    const events = await gw.eventsSince(since === null ? null : since - EVENT_OVERLAP_S);
    let newest = since;
    for (const e of events) {
      await this.applyOnce(e, report);
      // Oldest first, so everything before this event is applied: a crash here re-reads from this point.
      if (newest === null || e.created > newest) {
        newest = e.created;
        this.cursor.set(newest);
      }
    }
    return report;
  }

  /**
   * Applies one event unless it was applied before (by its id): the feed's
   * events and those pushed to a webhook endpoint meet here, so an event seen
   * both ways, or delivered twice, counts once.
   */
  async applyOnce(e: GatewayEvent, report: SyncReport = emptySyncReport()): Promise<SyncReport> {
    report.eventsSeen += 1;
    if (cachedStatement(this.engine.db, 'SELECT 1 FROM stripe_events_applied WHERE id = ?').get(e.id)) return report;
    await this.applyEvent(e, report);
    cachedStatement(this.engine.db, 'INSERT OR IGNORE INTO stripe_events_applied (id, type, applied_at) VALUES (?, ?, ?)').run(
      e.id,
      e.eventType,
      this.engine.now(),
    );
    report.eventsApplied += 1;
    return report;
  }

  /** Applies one event by asking Stripe for the object's current state (so order does not matter). */
  async applyEvent(e: GatewayEvent, report: SyncReport): Promise<void> {
    if (e.type === 'payment_intent') {
      if (e.eventType === 'payment_intent.succeeded' || this.store.byIntent(e.intent.id) || this.recorder.isOurs(e.intent)) {
        await this.creditIntent(e.intent.id, report, 'event');
      }
    } else if (e.type === 'checkout') {
      const p = this.store.bySession(e.session.id);
      if (p && e.session.status === 'expired' && p.status === 'open') this.store.update(p.id, { status: 'canceled' }, this.engine.now());
      if (e.session.paymentIntent && (p || e.session.metadata.app === 'burnrate')) await this.creditIntent(e.session.paymentIntent, report, 'event');
    } else if (e.type === 'refund' && e.refund.paymentIntent && e.refund.status !== 'failed' && e.refund.status !== 'canceled') {
      const pi = e.refund.paymentIntent;
      // A refund seen before its payment: credit the payment first, so the debit has something to undo.
      await this.creditIntent(pi, report, 'event');
      if (!this.recorder.isCredited(pi)) return;
      const applied = applyRefund(this.engine, this.notices, { ...e.refund, paymentIntent: pi }, this.engine.now());
      if (applied) report.refunds.push(applied);
    }
  }

  /** Credits an intent if it succeeded, is ours and is not credited yet. */
  private async creditIntent(id: string, report: SyncReport, via: 'checkout' | 'event'): Promise<void> {
    if (this.recorder.isCredited(id)) return;
    const intent = await this.tryRetrieve(id);
    if (!intent) return;
    const p = this.store.byIntent(id);
    const card =
      intent.status === 'succeeded' && intent.paymentMethod ? await (await this.gateway()).retrieveCard(intent.paymentMethod).catch(() => null) : null;
    const outcome = this.recorder.applyIntent(intent, this.engine.now(), card, p);
    if (outcome?.status === 'succeeded' && outcome.created) {
      report.credited.push({ paymentIntent: id, credits: outcome.entry.credits, kind: outcome.entry.kind, via });
    }
  }

  private async tryRetrieve(id: string): Promise<GatewayIntent | null> {
    try {
      return await (await this.gateway()).retrieveIntent(id);
    } catch (err) {
      if (err instanceof GatewayError) return null;
      throw err;
    }
  }
}

/** An empty sync report to fill. */
export function emptySyncReport(): SyncReport {
  return { credited: [], failed: [], refunds: [], eventsSeen: 0, eventsApplied: 0, pending: 0, cardsAdded: [] };
}
