/** PaymentIntents API: create (optionally confirming), retrieve, update, list, confirm, cancel. */
import { invalidParam, missingParam, unexpectedState } from '../errors.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, applyMetadata, bool, int, list, oneOf, str, urlParam } from '../params.js';
import type { ApiResult, Ctx, Params, Route } from '../types.js';
import { emit } from './events.js';
import { confirmIntent, createIntent, saveIntent, type PaymentIntent } from './intent-engine.js';
import { resolvePaymentMethod, type PaymentMethod } from './payment-methods.js';

const WHAT = 'payment_intent';
const MIN_AMOUNT = 50;
const MAX_AMOUNT = 99_999_999;
const CONFIRM_PARAMS = ['payment_method', 'off_session', 'receipt_email', 'return_url', 'setup_future_usage', 'error_on_requires_action'];
const FUTURE_USAGE = ['on_session', 'off_session'] as const;

/** Validates an amount in cents against Stripe's USD limits. */
export function checkAmount(value: number, param = 'amount'): number {
  if (value < MIN_AMOUNT) throw invalidParam(param, 'Amount must be at least $0.50 usd', 'amount_too_small');
  if (value > MAX_AMOUNT) throw invalidParam(param, 'Amount must be no more than $999,999.99', 'amount_too_large');
  return value;
}

/** The sandbox is USD-only, like Burnrate. */
export function checkCurrency(value: string, param = 'currency'): string {
  const currency = value.toLowerCase();
  if (currency !== 'usd') throw invalidParam(param, `Invalid currency: ${value}. The Burnrate Stripe sandbox supports usd only.`);
  return currency;
}

/** Picks the payment method for a confirmation and checks it may be used with this customer. */
function paymentMethodFor(ctx: Ctx, customer: string | null, id: string): PaymentMethod {
  const pm = resolvePaymentMethod(ctx, id, 'payment_method');
  if (pm.customer && customer !== pm.customer) {
    throw invalidParam(
      'payment_method',
      customer
        ? `The payment method ${pm.id} belongs to another customer and cannot be used with ${customer}.`
        : `The PaymentMethod ${pm.id} belongs to the Customer ${pm.customer}. ` +
            'Please include the Customer in the `customer` parameter on the PaymentIntent.',
    );
  }
  return pm;
}

/** `resolved` is the method create already looked up, so a test id is not turned into a second pm_…. */
function confirm(ctx: Ctx, pi: PaymentIntent, params: Params, resolved?: PaymentMethod): ApiResult {
  if (pi.status === 'succeeded') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
    );
  }
  if (pi.status === 'canceled') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      'You cannot confirm this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of ' +
        'the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
    );
  }
  const pmId = str(params.payment_method, 'payment_method') ?? pi.payment_method;
  if (!pmId) throw missingParam('payment_method');
  const pm = resolved ?? paymentMethodFor(ctx, pi.customer, pmId);
  const receipt = str(params.receipt_email, 'receipt_email');
  const usage = oneOf(params.setup_future_usage, 'setup_future_usage', FUTURE_USAGE);
  const ready: PaymentIntent = {
    ...pi,
    payment_method: pm.id,
    receipt_email: receipt ?? pi.receipt_email,
    setup_future_usage: usage ?? pi.setup_future_usage,
  };
  return confirmIntent(ctx, ready, pm, bool(params.off_session, 'off_session') ?? false, urlParam(params.return_url, 'return_url') ?? null);
}

function create(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, [
    'amount',
    'currency',
    'customer',
    'description',
    'metadata',
    'confirm',
    'payment_method_types',
    'capture_method',
    'automatic_payment_methods',
    'statement_descriptor',
    'statement_descriptor_suffix',
    ...CONFIRM_PARAMS,
  ]);
  const amount = checkAmount(int(params.amount, 'amount', { required: true }) as number);
  const currency = checkCurrency(str(params.currency, 'currency', true) as string);
  const confirmNow = bool(params.confirm, 'confirm') ?? false;
  for (const [i, type] of list(params.payment_method_types, 'payment_method_types').entries()) {
    if (type !== 'card') {
      throw invalidParam(`payment_method_types[${i}]`, `The payment method type "${String(type)}" is not supported by the sandbox; use card.`);
    }
  }
  oneOf(params.capture_method, 'capture_method', ['automatic', 'automatic_async'] as const);
  for (const name of ['off_session', 'return_url', 'error_on_requires_action'] as const) {
    if (params[name] !== undefined && !confirmNow) throw invalidParam(name, `You can only use \`${name}\` when \`confirm=true\`.`);
  }
  urlParam(params.return_url, 'return_url');
  const customer = str(params.customer, 'customer') ?? null;
  if (customer) ctx.store.require('customer', customer, 'customer', 'customer');
  const pmId = str(params.payment_method, 'payment_method');
  if (confirmNow && !pmId) throw missingParam('payment_method');
  const pm = pmId ? paymentMethodFor(ctx, customer, pmId) : undefined;
  const pi = createIntent(
    ctx,
    {
      amount,
      currency,
      customer,
      description: str(params.description, 'description') ?? null,
      receipt_email: str(params.receipt_email, 'receipt_email') ?? null,
      metadata: applyMetadata({}, params.metadata),
      setup_future_usage: oneOf(params.setup_future_usage, 'setup_future_usage', FUTURE_USAGE) ?? null,
    },
    pm?.id ?? null,
  );
  return confirmNow ? confirm(ctx, pi, params, pm) : { status: 200, body: pi };
}

function update(ctx: Ctx, params: Params, id: string): ApiResult {
  allowOnly(params, ['description', 'metadata', 'receipt_email']);
  const pi = ctx.store.require<PaymentIntent>('payment_intent', id, WHAT);
  const next: PaymentIntent = { ...pi, metadata: applyMetadata(pi.metadata, params.metadata) };
  if (params.description !== undefined) next.description = str(params.description, 'description') ?? null;
  if (params.receipt_email !== undefined) next.receipt_email = str(params.receipt_email, 'receipt_email') ?? null;
  return { status: 200, body: saveIntent(ctx, next) };
}

const CANCELABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

function cancel(ctx: Ctx, params: Params, id: string): ApiResult {
  allowOnly(params, ['cancellation_reason']);
  const reason = oneOf(params.cancellation_reason, 'cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const);
  const pi = ctx.store.require<PaymentIntent>('payment_intent', id, WHAT);
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the ` +
        'following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.',
    );
  }
  const next = saveIntent(ctx, { ...pi, status: 'canceled', canceled_at: ctx.now, cancellation_reason: reason ?? null, next_action: null });
  emit(ctx, 'payment_intent.canceled', next);
  return { status: 200, body: next };
}

/** Routes of the PaymentIntents API. */
export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: create },
  {
    method: 'GET',
    path: '/v1/payment_intents',
    handler: (ctx, params) => {
      allowOnly(params, [...LIST_PARAMS, 'customer']);
      const customer = str(params.customer, 'customer');
      const where: Condition[] = customer ? [{ sql: 'customer = ?', args: [customer] }] : [];
      const spec = { table: 'objects', kind: 'payment_intent', where, url: '/v1/payment_intents', what: WHAT } as const;
      return { status: 200, body: listPage(ctx, params, spec) };
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['client_secret']);
      return { status: 200, body: ctx.store.require<PaymentIntent>('payment_intent', id, WHAT) };
    },
  },
  { method: 'POST', path: '/v1/payment_intents/:id', handler: (ctx, params, { id = '' }) => update(ctx, params, id) },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/confirm',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, CONFIRM_PARAMS);
      return confirm(ctx, ctx.store.require<PaymentIntent>('payment_intent', id, WHAT), params);
    },
  },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', handler: (ctx, params, { id = '' }) => cancel(ctx, params, id) },
];
