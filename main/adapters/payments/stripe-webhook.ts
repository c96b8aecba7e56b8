/** Stripe webhook deliveries: verified with the SDK on the raw body, reduced to what sync applies and to the ids that name its org. */
import type Stripe from 'stripe';
import type { GatewayEvent } from '../../core/payments/gateway.js';
import { toEvent } from './stripe-gateway.js';

/** A delivery that is not Stripe's (no or a bad signature, too old, not an event): answered 400, nothing kept. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** A verified event: its id and type, the event as sent, what sync applies, and the Stripe ids that lead to its org. */
export interface VerifiedEvent {
  id: string;
  type: string;
  payload: Stripe.Event;
  event: GatewayEvent;
  /** The object's customer and payment intent (either may be null), in the order to look them up. */
  routeIds: (string | null)[];
}

/** The SDK's webhook helpers (`Stripe.webhooks`): loaded once, when a server takes webhooks (loadWebhookTools). */
export type WebhookTools = Stripe['webhooks'];

/** Loads the SDK's webhook helpers (the SDK is not loaded by commands that never need it). */
export async function loadWebhookTools(): Promise<WebhookTools> {
  return (await import('stripe')).default.webhooks;
}

/** Stripe's own tolerance for a signature's age (seconds). */
const TOLERANCE_S = 300;

/**
 * Verifies a delivery with `stripe.webhooks.constructEvent` on the raw bytes
 * (a re-serialised body would not match the signature). `receivedAt` is the
 * server's clock in milliseconds, as the SDK takes it (a test-clock server passes its own reading).
 */
export function verifyStripeWebhook(tools: WebhookTools, raw: Buffer, signature: string | undefined, secret: string, receivedAtMs: number): VerifiedEvent {
  if (!signature) throw new WebhookSignatureError('no Stripe-Signature header');
  let e: Stripe.Event;
  try {
    e = tools.constructEvent(raw, signature, secret, TOLERANCE_S, undefined, receivedAtMs);
  } catch (err) {
    throw new WebhookSignatureError(err instanceof Error ? err.message : String(err));
  }
  if (typeof e?.id !== 'string' || typeof e.type !== 'string' || typeof e.data?.object !== 'object' || e.data.object === null) {
    throw new WebhookSignatureError('the signed body is not a Stripe event');
  }
  return { id: e.id, type: e.type, payload: e, event: fromPayload(e), routeIds: routeIds(e) };
}

/** The reduced event of a stored payload (the inbox keeps the event as sent). */
export function fromPayload(payload: unknown): GatewayEvent {
  return toEvent(payload as Stripe.Event);
}

/** The customer and payment intent an event's object names (a refund names only its payment intent). */
export function routeIds(payload: unknown): (string | null)[] {
  const obj = ((payload as Stripe.Event).data?.object ?? {}) as { object?: string; id?: string; customer?: unknown; payment_intent?: unknown };
  const idOf = (v: unknown): string | null =>
    typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
  const intent = obj.object === 'payment_intent' ? (obj.id ?? null) : idOf(obj.payment_intent);
  return [idOf(obj.customer), intent];
}
