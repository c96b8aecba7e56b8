/**
 * What happens when a PaymentIntent is confirmed: the card's test behaviour
 * decides between success, a decline, or 3-D Secure. Shared by the
 * PaymentIntents API, Checkout completion and the authentication helper.
 */
import { docUrl, errorResult } from '../errors.js';
import { clientSecret, newId } from '../ids.js';
import { AUTH_REQUIRED, type Decline } from '../test-cards.js';
import { SANDBOX_URL, type ApiResult, type Ctx, type JsonObject } from '../types.js';
import { createCharge } from './charges.js';
import { emit } from './events.js';
import { attach, cardOf, type PaymentMethod } from './payment-methods.js';

/** PaymentIntent statuses the sandbox produces. */
export type IntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'succeeded' | 'canceled';

/** The stored shape of a PaymentIntent (fields the sandbox reads). */
export interface PaymentIntent extends JsonObject {
  id: string;
  object: 'payment_intent';
  created: number;
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  description: string | null;
  receipt_email: string | null;
  metadata: Record<string, string>;
  status: IntentStatus;
  payment_method: string | null;
  latest_charge: string | null;
  setup_future_usage: string | null;
}

/** Fields a new PaymentIntent is made from. */
export type IntentInput = Pick<PaymentIntent, 'amount' | 'currency' | 'customer' | 'description' | 'receipt_email' | 'metadata' | 'setup_future_usage'>;

/** Saves a PaymentIntent, keeping its index columns in step. */
export function saveIntent(ctx: Ctx, pi: PaymentIntent): PaymentIntent {
  return ctx.store.update(pi, { customer: pi.customer, status: pi.status });
}

/** Creates and stores a PaymentIntent in `requires_payment_method` / `requires_confirmation`. */
export function createIntent(ctx: Ctx, input: IntentInput, paymentMethod: string | null): PaymentIntent {
  const id = newId('pi');
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: clientSecret(id),
    confirmation_method: 'automatic',
    created: ctx.now,
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: input.receipt_email,
    review: null,
    setup_future_usage: input.setup_future_usage,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert('payment_intent', pi, { customer: pi.customer, status: pi.status });
  emit(ctx, 'payment_intent.created', pi);
  return pi;
}

function succeed(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod): ApiResult {
  // Saving the card for later is what setup_future_usage asks for.
  if (pi.setup_future_usage && pi.customer && !pm.customer) pm = attach(ctx, pm, pi.customer);
  const charge = createCharge(ctx, pi, pm, null);
  const next = saveIntent(ctx, {
    ...pi,
    status: 'succeeded',
    amount_received: pi.amount,
    latest_charge: charge.id,
    payment_method: pm.id,
    last_payment_error: null,
    next_action: null,
  });
  emit(ctx, 'payment_intent.succeeded', next);
  return { status: 200, body: next };
}

function fail(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, decline: Decline): ApiResult {
  const charge = createCharge(ctx, pi, pm, decline);
  const error = {
    type: 'card_error' as const,
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    charge: charge.id,
    doc_url: docUrl(decline.code),
  };
  // Stripe returns the intent to requires_payment_method and keeps the failed method on the error.
  const next = saveIntent(ctx, {
    ...pi,
    status: 'requires_payment_method',
    latest_charge: charge.id,
    payment_method: null,
    next_action: null,
    last_payment_error: { ...error, payment_method: pm },
  });
  emit(ctx, 'payment_intent.payment_failed', next);
  return errorResult(402, { ...error, payment_intent: next, payment_method: pm });
}

/** Confirms `pi` with `pm`: success (200), decline (402, state kept), or `requires_action` (200). */
export function confirmIntent(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, offSession: boolean, returnUrl: string | null): ApiResult {
  const behaviour = cardOf(pm).charge;
  if (behaviour.kind === 'succeed') return succeed(ctx, pi, pm);
  if (behaviour.kind === 'decline') return fail(ctx, pi, pm, behaviour.decline);
  if (offSession) return fail(ctx, pi, pm, AUTH_REQUIRED);
  // The customer is present: send them to the sandbox's stand-in for the bank's 3-D Secure page.
  const next = saveIntent(ctx, {
    ...pi,
    status: 'requires_action',
    payment_method: pm.id,
    last_payment_error: null,
    next_action: {
      type: 'redirect_to_url',
      redirect_to_url: { return_url: returnUrl, url: `${SANDBOX_URL}/authenticate/${pi.id}` },
    },
  });
  emit(ctx, 'payment_intent.requires_action', next);
  return { status: 200, body: next };
}

/** Ends a 3-D Secure challenge: passing pays, failing sends the intent back to requires_payment_method. */
export function finishAuthentication(ctx: Ctx, pi: PaymentIntent, passed: boolean): ApiResult {
  const pm = ctx.store.require<PaymentMethod>('payment_method', pi.payment_method ?? '', 'PaymentMethod');
  if (passed) return succeed(ctx, pi, pm);
  const error: JsonObject = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new ' +
      'PaymentMethod to attempt to fulfill this PaymentIntent again.',
    payment_method: pm,
  };
  const next = saveIntent(ctx, {
    ...pi,
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_payment_error: error,
  });
  emit(ctx, 'payment_intent.payment_failed', next);
  return { status: 200, body: next };
}
