/**
 * Sandbox-only stand-ins for what a person does on Stripe's hosted pages:
 * paying a Checkout Session, and passing or failing a 3-D Secure challenge.
 */
import { invalidParam, unexpectedState } from '../errors.js';
import { allowOnly, oneOf, str } from '../params.js';
import type { ApiResult, Ctx, JsonObject, Route } from '../types.js';
import { saveSession, type CheckoutSession } from './checkout-sessions.js';
import { insertCustomer, type Customer } from './customers.js';
import { emit } from './events.js';
import { confirmIntent, createIntent, finishAuthentication, saveIntent, type PaymentIntent } from './intent-engine.js';
import { resolvePaymentMethod, type PaymentMethod } from './payment-methods.js';
import { confirmSetupIntent, createSetupIntent, saveSetupIntent, type SetupIntent } from './setup-intents.js';

/** The test card a hosted page pays with when none is named. */
export const DEFAULT_CHECKOUT_CARD = 'pm_card_visa';

function intentFor(ctx: Ctx, session: CheckoutSession, customer: Customer | undefined, pmId: string): PaymentIntent {
  if (session.payment_intent) {
    // A previous attempt on the page was declined: Stripe retries on the same intent.
    return saveIntent(ctx, {
      ...ctx.store.require<PaymentIntent>('payment_intent', session.payment_intent, 'payment_intent'),
      payment_method: pmId,
      customer: customer?.id ?? null,
    });
  }
  const data = (ctx.store.getPrivate(session.id)?.payment_intent_data ?? {}) as Record<string, JsonObject[string]>;
  const metadata = (data.metadata ?? {}) as Record<string, string>;
  const receipt = (data.receipt_email as string | undefined) ?? session.customer_email ?? customer?.email ?? null;
  const usage = (data.setup_future_usage as string | undefined) ?? null;
  return createIntent(
    ctx,
    {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      customer: customer?.id ?? null,
      description: (data.description as string | undefined) ?? null,
      receipt_email: receipt,
      metadata,
      setup_future_usage: usage,
    },
    pmId,
  );
}

/**
 * Setup mode: saves the card through the session's SetupIntent (made by the
 * first attempt, reused by the next ones, as Stripe retries on one intent).
 * A card that fails the check answers 402 and leaves the session open.
 */
function completeSetup(ctx: Ctx, session: CheckoutSession, customer: Customer | undefined, pm: PaymentMethod): ApiResult {
  const data = (ctx.store.getPrivate(session.id)?.setup_intent_data ?? {}) as Record<string, JsonObject[string]>;
  const si = session.setup_intent
    ? saveSetupIntent(ctx, { ...ctx.store.require<SetupIntent>('setup_intent', session.setup_intent, 'setup_intent'), status: 'requires_payment_method' })
    : createSetupIntent(
        ctx,
        {
          customer: customer?.id ?? null,
          description: (data.description as string | undefined) ?? null,
          metadata: (data.metadata ?? {}) as Record<string, string>,
          usage: 'off_session',
        },
        null,
      );
  const result = confirmSetupIntent(ctx, si, pm);
  if (result.status !== 200) {
    saveSession(ctx, { ...session, setup_intent: si.id });
    return result;
  }
  const done = saveSession(ctx, {
    ...session,
    customer_details: {
      address: null,
      email: session.customer_email ?? customer?.email ?? null,
      name: customer?.name ?? null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    setup_intent: si.id,
    status: 'complete',
    url: null,
  });
  emit(ctx, 'checkout.session.completed', done);
  return { status: 200, body: done };
}

/** Pays an open session (payment mode) or saves the card (setup mode) with a test card; a decline answers 402 and leaves the session open. */
export function completeSession(ctx: Ctx, sessionId: string, paymentMethod: string = DEFAULT_CHECKOUT_CARD): ApiResult {
  const session = ctx.store.require<CheckoutSession>('checkout.session', sessionId, 'checkout.session');
  if (session.status !== 'open') {
    throw unexpectedState(null, `This Checkout Session is no longer open (its status is ${session.status}).`);
  }
  let customer = session.customer ? ctx.store.get<Customer>('customer', session.customer) : undefined;
  if (!customer && session.customer_creation === 'always') {
    customer = insertCustomer(ctx, { email: session.customer_email }, {});
  }
  const pm = resolvePaymentMethod(ctx, paymentMethod, 'payment_method');
  if (pm.customer && pm.customer !== customer?.id) {
    throw invalidParam('payment_method', `The payment method ${pm.id} belongs to another customer.`);
  }
  if (session.mode === 'setup') return completeSetup(ctx, session, customer, pm);
  const pi = intentFor(ctx, session, customer, pm.id);
  let result = confirmIntent(ctx, pi, pm, false, null);
  // The customer is on the page, so a 3-D Secure challenge is answered there and passes.
  if (result.status === 200 && result.body.status === 'requires_action') {
    result = finishAuthentication(ctx, ctx.store.require<PaymentIntent>('payment_intent', pi.id, 'payment_intent'), true);
  }
  if (result.status !== 200) {
    saveSession(ctx, { ...session, payment_intent: pi.id, customer: customer?.id ?? null });
    return result;
  }
  const email = session.customer_email ?? customer?.email ?? null;
  const done = saveSession(ctx, {
    ...session,
    customer: customer?.id ?? null,
    customer_details: { address: null, email, name: customer?.name ?? null, phone: null, tax_exempt: 'none', tax_ids: [] },
    payment_intent: pi.id,
    payment_status: 'paid',
    status: 'complete',
    url: null,
  });
  emit(ctx, 'checkout.session.completed', done);
  return { status: 200, body: done };
}

/** Resolves a pending 3-D Secure challenge on an intent in `requires_action`. */
export function authenticateIntent(ctx: Ctx, intentId: string, outcome: 'succeed' | 'fail'): ApiResult {
  const pi = ctx.store.require<PaymentIntent>('payment_intent', intentId, 'payment_intent');
  if (pi.status !== 'requires_action') {
    throw unexpectedState('payment_intent_unexpected_state', `This PaymentIntent has status ${pi.status}; only one in requires_action awaits authentication.`);
  }
  return finishAuthentication(ctx, pi, outcome === 'succeed');
}

/** Routes under /v1/test_helpers (Stripe's own place for test-only actions). */
export const testHelperRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/test_helpers/checkout/sessions/:id/complete',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['payment_method']);
      return completeSession(ctx, id, str(params.payment_method, 'payment_method'));
    },
  },
  {
    method: 'POST',
    path: '/v1/test_helpers/payment_intents/:id/authenticate',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['outcome']);
      return authenticateIntent(ctx, id, oneOf(params.outcome, 'outcome', ['succeed', 'fail'] as const) ?? 'succeed');
    },
  },
];
