/**
 * SetupIntents: saving a card for later payments without charging it
 * (create, confirm, cancel, retrieve, update, list). Checkout in setup mode
 * makes one per session. A card is checked when it is set up, as when it is
 * attached: the test cards that fail that check (0002, 9995) are declined.
 */
import { docUrl, errorResult, invalidParam, unexpectedState } from '../errors.js';
import { clientSecret, newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, applyMetadata, bool, oneOf, str, urlParam } from '../params.js';
import type { ApiResult, Ctx, JsonObject, Params, Route } from '../types.js';
import { emit } from './events.js';
import { attach, cardOf, resolvePaymentMethod, type PaymentMethod } from './payment-methods.js';

/** SetupIntent statuses the sandbox produces. */
export type SetupStatus = 'requires_payment_method' | 'requires_confirmation' | 'succeeded' | 'canceled';

/** The stored shape of a SetupIntent (fields the sandbox reads). */
export interface SetupIntent extends JsonObject {
  id: string;
  object: 'setup_intent';
  created: number;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  status: SetupStatus;
  usage: string;
}

/** Fields a new SetupIntent is made from. */
export type SetupInput = Pick<SetupIntent, 'customer' | 'description' | 'metadata' | 'usage'>;

const WHAT = 'setup_intent';
const USAGE = ['on_session', 'off_session'] as const;

/** Saves a SetupIntent, keeping its index columns in step. */
export function saveSetupIntent(ctx: Ctx, si: SetupIntent): SetupIntent {
  return ctx.store.update(si, { customer: si.customer, ref: si.payment_method, status: si.status });
}

/** Creates and stores a SetupIntent waiting for a payment method (or for confirmation when given one). */
export function createSetupIntent(ctx: Ctx, input: SetupInput, paymentMethod: string | null): SetupIntent {
  const id = newId('seti');
  const si: SetupIntent = {
    id,
    object: 'setup_intent',
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created: ctx.now,
    customer: input.customer,
    description: input.description,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage: input.usage,
  };
  ctx.store.insert('setup_intent', si, { customer: si.customer, ref: paymentMethod, status: si.status });
  emit(ctx, 'setup_intent.created', si);
  return si;
}

/**
 * Confirms `si` with `pm`: the card check passes (200: the card is attached
 * to the intent's customer, status succeeded) or declines (402, the intent
 * back to requires_payment_method with `last_setup_error`, committed).
 * 3-D Secure on setup is not simulated: the customer is taken to be present
 * and to pass it (docs/stripe-sandbox.md).
 */
export function confirmSetupIntent(ctx: Ctx, si: SetupIntent, pm: PaymentMethod): ApiResult {
  if (si.status !== 'requires_payment_method' && si.status !== 'requires_confirmation') {
    throw unexpectedState(
      'setup_intent_unexpected_state',
      `You cannot confirm this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation.`,
    );
  }
  if (pm.customer && si.customer !== pm.customer) {
    throw invalidParam('payment_method', `The payment method ${pm.id} belongs to another customer and cannot be used with this SetupIntent.`);
  }
  const decline = cardOf(pm).attachDecline;
  if (decline) {
    const error = {
      type: 'card_error' as const,
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
      doc_url: docUrl(decline.code),
    };
    const next = saveSetupIntent(ctx, { ...si, status: 'requires_payment_method', payment_method: null, last_setup_error: { ...error, payment_method: pm } });
    emit(ctx, 'setup_intent.setup_failed', next);
    return errorResult(402, { ...error, setup_intent: next, payment_method: pm });
  }
  const saved = si.customer ? attach(ctx, pm, si.customer) : pm;
  const next = saveSetupIntent(ctx, { ...si, status: 'succeeded', payment_method: saved.id, last_setup_error: null });
  emit(ctx, 'setup_intent.succeeded', next);
  return { status: 200, body: next };
}

/** A SetupIntent that a Checkout Session made is the session's to confirm or cancel, as on Stripe. */
function refuseIfCheckout(ctx: Ctx, si: SetupIntent, action: string): void {
  if (ctx.store.where('checkout.session', 'ref', si.id).length > 0) {
    throw unexpectedState(null, `You cannot ${action} this SetupIntent because it belongs to a Checkout Session.`);
  }
}

function create(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, ['customer', 'payment_method', 'confirm', 'description', 'metadata', 'usage', 'payment_method_types', 'return_url']);
  const customer = str(params.customer, 'customer') ?? null;
  if (customer) ctx.store.require('customer', customer, 'customer', 'customer');
  urlParam(params.return_url, 'return_url');
  const pmId = str(params.payment_method, 'payment_method');
  const confirm = bool(params.confirm, 'confirm') ?? false;
  if (confirm && !pmId) throw invalidParam('payment_method', 'You must provide a payment_method to confirm this SetupIntent.', 'parameter_missing');
  const pm = pmId ? resolvePaymentMethod(ctx, pmId, 'payment_method') : null;
  const si = createSetupIntent(
    ctx,
    {
      customer,
      description: str(params.description, 'description') ?? null,
      metadata: applyMetadata({}, params.metadata),
      usage: oneOf(params.usage, 'usage', USAGE) ?? 'off_session',
    },
    pm?.id ?? null,
  );
  return confirm && pm ? confirmSetupIntent(ctx, si, pm) : { status: 200, body: si };
}

/** Routes of the SetupIntents API. */
export const setupIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/setup_intents', handler: create },
  {
    method: 'GET',
    path: '/v1/setup_intents',
    handler: (ctx, params) => {
      allowOnly(params, [...LIST_PARAMS, 'customer', 'payment_method']);
      const where: Condition[] = [];
      const customer = str(params.customer, 'customer');
      const pm = str(params.payment_method, 'payment_method');
      if (customer) where.push({ sql: 'customer = ?', args: [customer] });
      if (pm) where.push({ sql: 'ref = ?', args: [pm] });
      return { status: 200, body: listPage(ctx, params, { table: 'objects', kind: 'setup_intent', where, url: '/v1/setup_intents', what: WHAT }) };
    },
  },
  {
    method: 'GET',
    path: '/v1/setup_intents/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['client_secret']);
      return { status: 200, body: ctx.store.require<SetupIntent>('setup_intent', id, WHAT) };
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['metadata', 'description']);
      const si = ctx.store.require<SetupIntent>('setup_intent', id, WHAT);
      const description = params.description === undefined ? si.description : (str(params.description, 'description') ?? null);
      const next = saveSetupIntent(ctx, { ...si, description, metadata: applyMetadata(si.metadata, params.metadata) });
      return { status: 200, body: next };
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['payment_method', 'return_url']);
      urlParam(params.return_url, 'return_url');
      const si = ctx.store.require<SetupIntent>('setup_intent', id, WHAT);
      refuseIfCheckout(ctx, si, 'confirm');
      const pmId = str(params.payment_method, 'payment_method') ?? si.payment_method;
      if (!pmId) throw invalidParam('payment_method', 'You must provide a payment_method to confirm this SetupIntent.', 'parameter_missing');
      return confirmSetupIntent(ctx, si, resolvePaymentMethod(ctx, pmId, 'payment_method'));
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/cancel',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['cancellation_reason']);
      const si = ctx.store.require<SetupIntent>('setup_intent', id, WHAT);
      refuseIfCheckout(ctx, si, 'cancel');
      const reason = oneOf(params.cancellation_reason, 'cancellation_reason', ['abandoned', 'requested_by_customer', 'duplicate'] as const) ?? null;
      return { status: 200, body: cancelSetupIntent(ctx, si, reason) };
    },
  },
];

/** Cancels a SetupIntent that has not succeeded (a Checkout Session's, when the session expires). */
export function cancelSetupIntent(ctx: Ctx, si: SetupIntent, reason: string | null): SetupIntent {
  if (si.status === 'succeeded' || si.status === 'canceled') {
    throw unexpectedState('setup_intent_unexpected_state', `You cannot cancel this SetupIntent because it has a status of ${si.status}.`);
  }
  const next = saveSetupIntent(ctx, { ...si, status: 'canceled', cancellation_reason: reason });
  emit(ctx, 'setup_intent.canceled', next);
  return next;
}
