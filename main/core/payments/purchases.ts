import { crashPoint } from '../crash-points.js';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { formatCredits } from '../money.js';
import { purchaseCredits } from './amounts.js';
import { declineText } from './decline-texts.js';
import { declineIsCustomerMissing, GatewayError, NO_RETURN_PAGES, type PaymentGateway } from './gateway.js';
import type { PaymentAccount } from './payment-account.js';
import type { PayExecutor } from './pay-executor.js';
import type { Payment, PaymentStore } from './payment-store.js';
import type { SavedCards } from './saved-cards.js';

/** What `credits buy` reports. */
export interface BuyResult {
  credits: number;
  paymentIntent: string | null;
  status: 'succeeded' | 'requires_action' | 'pending';
  balance: number;
  resumed: number[];
  /** Where the card holder authenticates, when the bank asks for it. */
  actionUrl: string | null;
  payment: number;
}

/** What `credits checkout` reports. */
export interface CheckoutResult {
  url: string;
  sessionId: string;
  credits: number;
  payment: number;
}

/**
 * The outcome of a payment was not learnt (no answer from Stripe): sync will
 * resolve it, never by paying again. Not a refusal (something may have
 * happened at Stripe); its words name no host's way to sync — each host adds
 * its own by the code (`during` tells a Checkout being opened from a payment).
 */
export class PaymentPendingError extends Error {
  readonly code = 'payment_pending';
  readonly data: { during: 'payment' | 'checkout' };

  constructor(message: string, during: 'payment' | 'checkout' = 'payment') {
    super(message);
    this.name = 'PaymentPendingError';
    this.data = { during };
  }
}

/** Stripe's test ids (`pm_card_visa`…) may pay once without being saved. */
const TEST_PM = /^pm_card_[A-Za-z_]+$/;

/** Purchases with a saved card and through Checkout. */
export class Purchases {
  constructor(
    private readonly engine: Engine,
    private readonly store: PaymentStore,
    private readonly executor: PayExecutor,
    private readonly account: PaymentAccount,
    private readonly cards: SavedCards,
    private readonly gateway: () => Promise<PaymentGateway>,
  ) {}

  /** Which card pays: the one named (a saved card or a test id), else the default. Refuses when there is none. */
  chooseCard(cardId: string | undefined): { id: string; brand: string | null; last4: string | null } {
    if (cardId !== undefined) {
      const id = cardId.trim();
      if (TEST_PM.test(id) && !this.cards.find(id)) return { id, brand: null, last4: null };
      const c = this.cards.require(id);
      return c;
    }
    const d = this.cards.defaultCard();
    // Each host says how to add a card or pay in the browser instead (by the code and `for`).
    if (!d) throw new RefusedError('no_card', 'no saved card', { for: 'purchase' });
    return d;
  }

  /**
   * Buys credits with a card (on-session). Bad amounts and unknown cards are
   * refused before anything changes; a decline is refused with the bank's reason.
   * With a `requestKey` the client already sent (its answer was lost), the
   * payment of that key is resumed — its intent looked up, or, never
   * answered, sent again under its own Stripe idempotency key — and its
   * outcome answered: never a second payment, even after Stripe forgot the key.
   */
  async buy(input: { credits?: number; pack?: string; usd?: string; card?: string; requestKey?: string }): Promise<BuyResult> {
    const credits = purchaseCredits(input);
    // Opened first: it binds the backend's own saved cards (backend-binding.ts) before one is chosen.
    const gw = await this.gateway();
    const card = this.chooseCard(input.card);
    const sent = input.requestKey === undefined ? undefined : this.store.byRequestKey(input.requestKey);
    if (sent) return this.resumeSent(sent, credits, card.id, input.requestKey!);
    await this.engine.settle();
    const customer = await this.account.ensureCustomer(gw);
    const email = this.account.email();
    let payment: Payment;
    try {
      payment = this.insertPurchase(credits, card.id, customer, email, input.requestKey);
    } catch (err) {
      // The same key sent twice at once: the other request wrote its payment while this one waited on Stripe.
      const first = input.requestKey === undefined ? undefined : this.store.byRequestKey(input.requestKey);
      if (first && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return this.resumeSent(first, credits, card.id, input.requestKey!);
      throw err;
    }
    crashPoint('after-intent-written');
    return this.finish(payment.id, await this.executor.execute(payment));
  }

  /** A purchase of a request key already sent: the same amount and card resume it, anything else is refused. */
  private async resumeSent(sent: Payment, credits: number, cardId: string, requestKey: string): Promise<BuyResult> {
    if (sent.kind !== 'purchase' || sent.credits !== credits || sent.cardId !== cardId)
      throw new RefusedError(
        'request_key_reused',
        `request key ${requestKey} was used for another purchase (${formatCredits(sent.credits)}): nothing was charged`,
      );
    return this.finish(sent.id, await this.executor.resume(sent));
  }

  /** Writes a card purchase's payment row, its Stripe request and idempotency key with it, before Stripe is called. */
  private insertPurchase(credits: number, cardId: string, customer: string, email: string | null, requestKey: string | undefined): Payment {
    return this.store.insert({
      kind: 'purchase',
      credits,
      cardId,
      status: 'pending',
      now: this.engine.now(),
      keyFor: (id) => this.account.paymentKey(id),
      requestKey: requestKey ?? null,
      request: (key) => ({
        amount: credits,
        customer,
        paymentMethod: cardId,
        offSession: false,
        receiptEmail: email,
        backend: this.account.backend(),
        description: `Burnrate credits: ${formatCredits(credits)}`,
        metadata: { app: 'burnrate', burnrate_kind: 'purchase', burnrate_key: key, credits: String(credits) },
      }),
    });
  }

  /** What a purchase's outcome tells its buyer: the credit, a refusal, a page to authenticate on, or that it is pending. */
  private finish(paymentId: number, outcome: Awaited<ReturnType<PayExecutor['execute']>>): BuyResult {
    const row = this.store.get(paymentId)!;
    const base = {
      credits: 0,
      paymentIntent: row.paymentIntent,
      balance: this.engine.ledger.balance(),
      resumed: [] as number[],
      actionUrl: null,
      payment: row.id,
    };
    switch (outcome.status) {
      case 'succeeded':
        return { ...base, credits: outcome.entry.credits, status: 'succeeded', resumed: outcome.resumed };
      case 'failed':
        // Stripe refusing the request is not the bank declining the card: say which it was.
        if (outcome.decline.refusedParam !== undefined) {
          if (declineIsCustomerMissing(outcome.decline)) throw new RefusedError('customer_missing', outcome.decline.message);
          throw new RefusedError('payment_refused', `Stripe refused the payment: ${outcome.decline.message} — nothing was added`);
        }
        throw new RefusedError('card_declined', `${declineText(outcome.decline)} Nothing was charged.`);
      case 'requires_action':
        return { ...base, status: 'requires_action', actionUrl: outcome.url };
      case 'canceled':
        throw new RefusedError('payment_canceled', 'the payment was canceled — nothing was added');
      default:
        throw new PaymentPendingError(
          `no answer from Stripe for payment ${row.idempotencyKey}${'error' in outcome && outcome.error ? ` (${outcome.error})` : ''}`,
        );
    }
  }

  /** Starts a Checkout purchase: the URL to open in a browser and the session id (completion comes by polling or events). */
  async checkout(input: { credits?: number; pack?: string; usd?: string }): Promise<CheckoutResult> {
    const credits = purchaseCredits(input);
    await this.engine.settle();
    const gw = await this.gateway();
    const customer = await this.account.ensureCustomer(gw);
    const email = this.account.email();
    // A Burnrate sandbox has its own "Payment received — return to Burnrate" page; real Stripe has none of ours.
    const pages = gw.returnPages() ?? NO_RETURN_PAGES;
    const payment = this.store.insert({
      kind: 'checkout',
      credits,
      cardId: null,
      status: 'pending',
      now: this.engine.now(),
      keyFor: (id) => this.account.paymentKey(id),
      request: (key) => ({
        amount: credits,
        customer,
        receiptEmail: email,
        backend: this.account.backend(),
        productName: `${formatCredits(credits)} Burnrate credits`,
        description: `Burnrate credits: ${formatCredits(credits)}`,
        metadata: { app: 'burnrate', burnrate_kind: 'checkout', burnrate_key: key, credits: String(credits) },
        successUrl: pages.checkoutSuccess,
        cancelUrl: pages.checkoutCancel,
      }),
    });
    const session = await this.openCheckout(payment.id);
    if (!session) throw new PaymentPendingError('no answer from Stripe while opening Checkout', 'checkout');
    return { url: session.url, sessionId: session.id, credits, payment: payment.id };
  }

  /** Creates (or, under the same key, finds again) the session of a pending Checkout payment. */
  async openCheckout(paymentId: number): Promise<{ id: string; url: string } | null> {
    const p = this.store.get(paymentId)!;
    const gw = await this.gateway();
    for (let i = 0; i < 3; i++) {
      try {
        const s = await gw.createCheckout(JSON.parse(p.request), p.idempotencyKey);
        const status = s.status === 'open' ? 'open' : s.status === 'expired' ? 'canceled' : 'open';
        this.store.update(p.id, { checkoutSession: s.id, checkoutUrl: s.url, status }, this.engine.now());
        return { id: s.id, url: s.url ?? '' };
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        if (err.kind !== 'unknown') {
          this.store.update(p.id, { status: 'failed', failureCode: err.code ?? 'invalid_request', failureMessage: err.message }, this.engine.now());
          if (err.customerMissing) throw new RefusedError('customer_missing', err.message);
          throw new RefusedError('checkout_refused', `Stripe refused the Checkout session: ${err.message}`);
        }
      }
    }
    return null;
  }
}
