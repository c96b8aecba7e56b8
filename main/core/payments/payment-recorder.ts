import type { Engine } from '../engine.js';
import type { LedgerEntry } from '../ledger/entry-types.js';
import { formatCredits } from '../money.js';
import type { GatewayDecline, GatewayIntent } from './gateway.js';
import { cardLabel } from './notice-texts.js';
import type { Payment, PaymentKind, PaymentStore } from './payment-store.js';

/** How a payment ended, as far as the app has learnt. */
export type PaymentOutcome =
  | { status: 'succeeded'; entry: LedgerEntry; created: boolean; resumed: number[] }
  | { status: 'failed'; decline: GatewayDecline }
  | { status: 'requires_action'; url: string | null }
  | { status: 'canceled' }
  | { status: 'pending' };

/** Called inside the recording transaction (auto-refill keeps its failure count here). */
export type OutcomeListener = (payment: Payment, outcome: PaymentOutcome, now: number) => void;

/** The ledger key that makes a payment credit at most once, whichever path reports it. */
export function paymentLedgerKey(paymentIntent: string): string {
  return `payment:${paymentIntent}`;
}

const KINDS: readonly PaymentKind[] = ['purchase', 'refill', 'checkout'];

/**
 * Records what Stripe says about a payment. Credits are added only for a
 * succeeded PaymentIntent, once per intent (the ledger's unique key), in the
 * same transaction that marks the payment succeeded and resumes deployments
 * paused for credits.
 */
export class PaymentRecorder {
  private readonly listeners: OutcomeListener[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly store: PaymentStore,
    private readonly customerId: () => string | null,
  ) {}

  /** Subscribes to recorded outcomes. */
  onOutcome(l: OutcomeListener): void {
    this.listeners.push(l);
  }

  /** True when this intent's credits are in the ledger. */
  isCredited(paymentIntent: string): boolean {
    return this.engine.ledger.findByKey(paymentLedgerKey(paymentIntent)) !== null;
  }

  /** Whether an intent was made by this app for this account (metadata and customer). */
  isOurs(intent: GatewayIntent): boolean {
    if (this.store.byIntent(intent.id) || (intent.metadata.burnrate_key && this.store.byKey(intent.metadata.burnrate_key))) return true;
    const customer = this.customerId();
    return intent.metadata.app === 'burnrate' && customer !== null && intent.customer === customer;
  }

  /**
   * Applies an intent's current state to its payment (made for it if the
   * purchase happened elsewhere). Returns null for intents that are not ours.
   */
  applyIntent(intent: GatewayIntent, now: number, card?: { brand: string; last4: string } | null, known?: Payment): PaymentOutcome | null {
    return this.engine.db
      .transaction(() => {
        const p = known ? this.store.get(known.id) : this.findOrAdopt(intent, now);
        if (!p) return null;
        if (p.paymentIntent !== intent.id) this.store.update(p.id, { paymentIntent: intent.id }, now);
        if (card && !p.cardBrand) this.store.update(p.id, { cardBrand: card.brand, cardLast4: card.last4 }, now);
        const outcome = this.outcomeOf(p, intent, now);
        const after = this.store.get(p.id)!;
        // Listeners hear of changes only: a replayed answer or event must not count a failure twice.
        if (after.status !== p.status || (outcome.status === 'succeeded' && outcome.created)) this.emit(after, outcome, now);
        return outcome;
      })
      .immediate();
  }

  /** Records a decline the call itself reported. */
  recordDecline(p: Payment, decline: GatewayDecline, intentId: string | null, now: number): PaymentOutcome {
    return this.engine.db
      .transaction(() => {
        const current = this.store.get(p.id)!;
        if (current.status === 'succeeded') return this.succeededOutcome(current);
        if (current.status === 'failed') return { status: 'failed', decline } as PaymentOutcome;
        this.store.update(
          p.id,
          {
            status: 'failed',
            failureCode: decline.declineCode ?? decline.code,
            failureMessage: decline.message,
            ...(intentId ? { paymentIntent: intentId } : {}),
          },
          now,
        );
        const outcome: PaymentOutcome = { status: 'failed', decline };
        this.emit(this.store.get(p.id)!, outcome, now);
        return outcome;
      })
      .immediate();
  }

  private succeededOutcome(p: Payment): PaymentOutcome {
    const entry = this.engine.ledger.findByKey(paymentLedgerKey(p.paymentIntent ?? ''));
    return entry ? { status: 'succeeded', entry, created: false, resumed: [] } : { status: 'pending' };
  }

  private findOrAdopt(intent: GatewayIntent, now: number): Payment | undefined {
    const byIntent = this.store.byIntent(intent.id);
    if (byIntent) return byIntent;
    const key = intent.metadata.burnrate_key;
    const byKey = key ? this.store.byKey(key) : undefined;
    if (byKey) return byKey;
    if (!this.isOurs(intent) || intent.status !== 'succeeded') return undefined;
    // Paid elsewhere (another device, a browser): adopt it so it has a receipt.
    const kind = KINDS.find((k) => k === intent.metadata.burnrate_kind) ?? 'purchase';
    return this.store.insert({
      kind,
      credits: intent.amountReceived || intent.amount,
      cardId: intent.paymentMethod,
      status: 'pending',
      now,
      keyFor: () => `external:${intent.id}`,
      request: () => ({ adoptedFrom: intent.id }),
    });
  }

  private outcomeOf(p: Payment, intent: GatewayIntent, now: number): PaymentOutcome {
    if (p.status === 'succeeded' && intent.status !== 'succeeded') return this.succeededOutcome(p);
    switch (intent.status) {
      case 'succeeded':
        return this.credit(p, intent, now);
      case 'requires_action':
        this.store.update(p.id, { status: 'requires_action', checkoutUrl: intent.nextActionUrl ?? p.checkoutUrl }, now);
        return { status: 'requires_action', url: intent.nextActionUrl };
      case 'canceled':
        this.store.update(p.id, { status: 'canceled' }, now);
        return { status: 'canceled' };
      case 'requires_payment_method':
        // Checkout lets the customer try another card on the same intent until the session expires:
        // a declined try there is not the purchase failing (an expired session cancels the intent).
        if (p.kind === 'checkout') return { status: 'pending' };
        if (intent.lastError) {
          this.store.update(
            p.id,
            { status: 'failed', failureCode: intent.lastError.declineCode ?? intent.lastError.code, failureMessage: intent.lastError.message },
            now,
          );
          return { status: 'failed', decline: intent.lastError };
        }
        return { status: 'pending' };
      default:
        return { status: 'pending' };
    }
  }

  private credit(p: Payment, intent: GatewayIntent, now: number): PaymentOutcome {
    const credits = intent.amountReceived > 0 ? intent.amountReceived : p.credits;
    const what = p.kind === 'refill' ? 'Auto-refill' : p.kind === 'checkout' ? 'Purchase (Checkout)' : 'Purchase';
    const label = cardLabel(p.cardBrand, p.cardLast4);
    const card = label ? ` — ${label}` : '';
    // Inside a catch-up the credit funds the hour due next: dated there (engine.ts, creditDate).
    const at = this.engine.creditDate(now);
    const { entry, created } = this.engine.ledger.appendOnce({
      kind: p.kind === 'refill' ? 'refill' : 'purchase',
      credits,
      idempotencyKey: paymentLedgerKey(intent.id),
      reference: intent.id,
      at,
      description: `${what}: ${formatCredits(credits)}${card}`,
    });
    // Resumed where the credit is dated: inside a catch-up, the replay goes on charging them from there.
    const resumed = created ? this.engine.afterCreditsAdded(at) : [];
    this.store.update(p.id, { status: 'succeeded', ledgerEntryId: entry.id, paymentIntent: intent.id }, now);
    return { status: 'succeeded', entry, created, resumed };
  }

  private emit(p: Payment, outcome: PaymentOutcome, now: number): void {
    for (const l of this.listeners) l(p, outcome, now);
  }
}
