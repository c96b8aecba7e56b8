import { crashPoint } from '../crash-points.js';
import { GatewayError, type PaymentGateway, type PayParams } from './gateway.js';
import type { PaymentOutcome, PaymentRecorder } from './payment-recorder.js';
import type { Payment, PaymentStore } from './payment-store.js';
import type { SavedCards } from './saved-cards.js';

/** Attempts per call under one idempotency key before leaving the payment pending for sync. */
const ATTEMPTS = 3;

/**
 * Sends a stored payment request under its stored idempotency key and records
 * the answer. Used for the first call and for every later resolution: Stripe
 * replays the first answer for a key, so asking again never pays again.
 */
export class PayExecutor {
  constructor(
    private readonly store: PaymentStore,
    private readonly recorder: PaymentRecorder,
    private readonly cards: SavedCards,
    private readonly gateway: () => Promise<PaymentGateway>,
    private readonly now: () => number,
  ) {}

  /** Calls Stripe for `p` (a pending purchase or refill) and records what it says. */
  async execute(p: Payment): Promise<PaymentOutcome & { error?: string }> {
    const gw = await this.gateway();
    const request = JSON.parse(p.request) as PayParams;
    const saved = p.cardId ? this.cards.find(p.cardId) : undefined;
    const card = saved ? { brand: saved.brand, last4: saved.last4 } : null;
    let lastError = '';
    for (let i = 0; i < ATTEMPTS; i++) {
      try {
        const intent = await gw.pay(request, p.idempotencyKey);
        crashPoint('after-stripe-call');
        const outcome = this.recorder.applyIntent(intent, this.now(), card, this.store.get(p.id)) ?? { status: 'pending' as const };
        crashPoint('after-ledger-write');
        return outcome;
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        if (err.kind === 'card' && err.decline) {
          crashPoint('after-stripe-call');
          return this.recorder.recordDecline(p, err.decline, err.paymentIntent?.id ?? null, this.now());
        }
        if (err.kind === 'invalid') {
          return this.recorder.recordDecline(
            p,
            { code: err.code ?? 'invalid_request', declineCode: null, message: err.message, refusedParam: err.param },
            null,
            this.now(),
          );
        }
        lastError = err.message;
      }
    }
    return { status: 'pending', error: lastError };
  }

  /**
   * `p` asked about once more without paying again (its request key sent
   * again, maybe after Stripe forgot the idempotency key, 24 hours on): a
   * known intent is looked up, an ended payment without one answers from its
   * row, and only a payment never answered is sent again under its own key.
   */
  async resume(p: Payment): Promise<PaymentOutcome & { error?: string }> {
    if (p.paymentIntent) {
      try {
        const intent = await (await this.gateway()).retrieveIntent(p.paymentIntent);
        return this.recorder.applyIntent(intent, this.now(), null, this.store.get(p.id)) ?? { status: 'pending' };
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        return { status: 'pending', error: err.message };
      }
    }
    if (p.status === 'failed') {
      const code = p.failureCode ?? 'card_declined';
      return { status: 'failed', decline: { code, declineCode: p.failureCode, message: p.failureMessage ?? 'the payment failed' } };
    }
    if (p.status === 'canceled') return { status: 'canceled' };
    return this.execute(p);
  }
}
