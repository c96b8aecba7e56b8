/**
 * The PaymentGateway port: what the engine needs from Stripe, in the engine's
 * terms. The Stripe adapter (main/adapters/payments/stripe-gateway.ts) implements it with the real
 * `stripe` SDK against Stripe, the built-in sandbox or any compatible server.
 */
import { z } from 'zod';

/** A card's details as Stripe describes them: THE card shape, which a saved card (saved-cards.ts) extends. */
export const cardDetailsSchema = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number(),
  expYear: z.number(),
  funding: z.string(),
});
export type CardDetails = z.infer<typeof cardDetailsSchema>;

/** A card as the gateway returns it: its details and the customer it is attached to. */
export interface GatewayCard extends CardDetails {
  customer: string | null;
}

/** Why a payment did not go through, in the bank's words. */
export interface GatewayDecline {
  code: string;
  declineCode: string | null;
  message: string;
  /** Set when Stripe refused the request itself (not the bank): the parameter it named, or null. */
  refusedParam?: string | null;
}

/** The PaymentIntent statuses the engine acts on. */
export type IntentStatus = 'succeeded' | 'requires_action' | 'requires_payment_method' | 'requires_confirmation' | 'processing' | 'canceled';

/** A PaymentIntent as the engine sees it. */
export interface GatewayIntent {
  id: string;
  status: IntentStatus;
  amount: number;
  amountReceived: number;
  customer: string | null;
  paymentMethod: string | null;
  metadata: Record<string, string>;
  /** Where the card holder completes authentication, when status is requires_action. */
  nextActionUrl: string | null;
  lastError: GatewayDecline | null;
}

/** A Checkout Session as the engine sees it. */
export interface GatewayCheckout {
  id: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  paid: boolean;
  paymentIntent: string | null;
  amountTotal: number;
  metadata: Record<string, string>;
}

/** A Checkout Session in setup mode: a card saved in the browser, nothing charged. */
export interface GatewayCardSetup {
  id: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  /** The saved card once the session completed. */
  paymentMethod: string | null;
  /** Why the last try on the page was declined (the page lets the customer try another card), else null. */
  lastError: GatewayDecline | null;
}

/** What a card setup asks for. */
export interface CardSetupParams {
  customer: string;
  successUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
}

/** A refund issued by support. */
export interface GatewayRefund {
  id: string;
  amount: number;
  paymentIntent: string | null;
  status: string;
}

/** One entry of the account's events feed, reduced to what sync applies. */
export type GatewayEvent = { id: string; eventType: string; /** Unix seconds, as Stripe stamps it. */ created: number } & (
  | { type: 'payment_intent'; intent: GatewayIntent }
  | { type: 'checkout'; session: GatewayCheckout }
  | { type: 'refund'; refund: GatewayRefund }
  | { type: 'other' }
);

/** Where a customer lands after paying in the browser. */
export interface ReturnPages {
  /** Checkout's success_url, with Stripe's `{CHECKOUT_SESSION_ID}` template. */
  checkoutSuccess: string;
  checkoutCancel: string;
  /** An on-session payment's return_url after 3-D Secure. */
  payment: string;
  /** A card setup's success_url (same template) and cancel_url. */
  setupSuccess: string;
  setupCancel: string;
}

/** Where the return pages point when the backend has none (real Stripe: the app has no web page of its own yet). */
export const NO_RETURN_PAGES: ReturnPages = {
  checkoutSuccess: 'https://burnrate.invalid/checkout/success?session_id={CHECKOUT_SESSION_ID}',
  checkoutCancel: 'https://burnrate.invalid/checkout/cancel',
  payment: 'https://burnrate.invalid/payments/return',
  setupSuccess: 'https://burnrate.invalid/cards/saved?session_id={CHECKOUT_SESSION_ID}',
  setupCancel: 'https://burnrate.invalid/cards/cancel',
};

/** What a payment asks for. */
export interface PayParams {
  amount: number;
  customer: string;
  paymentMethod: string;
  offSession: boolean;
  description: string;
  receiptEmail: string | null;
  metadata: Record<string, string>;
}

/** What a Checkout purchase asks for. */
export interface CheckoutParams {
  amount: number;
  customer: string;
  productName: string;
  description: string;
  receiptEmail: string | null;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
}

/**
 * A payment failure classified by what the caller may conclude:
 * `card` — the bank said no (nothing was taken); `invalid` — the request was
 * refused before anything happened; `unknown` — no answer (network, 5xx, 429),
 * so the payment may or may not have happened: ask again with the same key.
 */
export class GatewayError extends Error {
  constructor(
    readonly kind: 'card' | 'invalid' | 'unknown',
    message: string,
    readonly decline: GatewayDecline | null = null,
    readonly paymentIntent: GatewayIntent | null = null,
    /** Stripe's error code and parameter of a refused request (`resource_missing` / `customer`), when it gave them. */
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  /** True when Stripe says the account's customer does not exist (deleted, or another backend's). */
  get customerMissing(): boolean {
    return this.kind === 'invalid' && this.code === 'resource_missing' && this.param === 'customer';
  }
}

/** True when a recorded refusal says the account's customer does not exist: not the card's fault. */
export function declineIsCustomerMissing(d: GatewayDecline): boolean {
  return d.code === 'resource_missing' && d.refusedParam === 'customer';
}

/** The Stripe operations Burnrate uses. Every POST takes an idempotency key. */
export interface PaymentGateway {
  /** 'sandbox' (built-in), 'custom' (BURNRATE_STRIPE_API) or 'stripe-test' (a test key). */
  readonly mode: string;
  /** The built-in sandbox's loopback origin, e.g. http://127.0.0.1:43127, when this gateway is it; else null/absent. */
  readonly sandboxOrigin?: string | null;
  /**
   * Who this backend is: the Stripe account id (`acct_…`; a sandbox file has its
   * own), or, where the server will not say, an id built from its address or key.
   */
  identity(): Promise<string>;
  /**
   * Pages a payment returns to on the backend itself (a Burnrate sandbox serves
   * "Payment received — return to Burnrate"), or null when it has none.
   * Known once `identity()` answered.
   */
  returnPages(): ReturnPages | null;
  createCustomer(email: string | null, idempotencyKey: string): Promise<{ id: string }>;
  updateCustomerEmail(customer: string, email: string | null): Promise<void>;
  attachCard(paymentMethod: string, customer: string): Promise<GatewayCard>;
  detachCard(paymentMethod: string): Promise<void>;
  setDefaultCard(customer: string, paymentMethod: string): Promise<void>;
  retrieveCard(paymentMethod: string): Promise<GatewayCard>;
  /** Creates and confirms a PaymentIntent; a decline throws GatewayError('card'). */
  pay(params: PayParams, idempotencyKey: string): Promise<GatewayIntent>;
  retrieveIntent(id: string): Promise<GatewayIntent>;
  createCheckout(params: CheckoutParams, idempotencyKey: string): Promise<GatewayCheckout>;
  retrieveCheckout(id: string): Promise<GatewayCheckout>;
  /** Opens a Checkout Session in setup mode: the customer saves a card in the browser. */
  createCardSetup(params: CardSetupParams, idempotencyKey: string): Promise<GatewayCardSetup>;
  retrieveCardSetup(id: string): Promise<GatewayCardSetup>;
  /** Every event created at or after `since` (unix seconds; null: every event kept), oldest first. */
  eventsSince(since: number | null): Promise<GatewayEvent[]>;
  close(): Promise<void>;
}
