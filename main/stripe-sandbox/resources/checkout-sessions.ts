/** Checkout Sessions (mode=payment, and mode=setup to save a card): create, retrieve, list, line items, expire. */
import { invalidParam, noSuch, unexpectedState } from '../errors.js';
import { newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, applyMetadata, hash, int, list, oneOf, str, urlParam } from '../params.js';
import { SANDBOX_URL, type ApiResult, type Ctx, type JsonObject, type Param, type Params, type Route } from '../types.js';
import { emit } from './events.js';
import { saveIntent, type PaymentIntent } from './intent-engine.js';
import { checkAmount, checkCurrency } from './payment-intents.js';
import { cancelSetupIntent, type SetupIntent } from './setup-intents.js';

/** The stored shape of a Checkout Session (fields the sandbox reads). */
export interface CheckoutSession extends JsonObject {
  id: string;
  object: 'checkout.session';
  created: number;
  mode: 'payment' | 'setup';
  /** Null in setup mode (nothing is charged). */
  amount_total: number | null;
  currency: string | null;
  customer: string | null;
  customer_email: string | null;
  customer_creation: string | null;
  expires_at: number;
  payment_intent: string | null;
  /** Setup mode: the SetupIntent of the first attempt on the page (null before it). */
  setup_intent: string | null;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  url: string | null;
}

const WHAT = 'checkout.session';
const DAY = 24 * 3600;

/** Saves a session, keeping its index columns in step. */
export function saveSession(ctx: Ctx, s: CheckoutSession): CheckoutSession {
  return ctx.store.update(s, { customer: s.customer, ref: s.payment_intent ?? s.setup_intent, status: s.status });
}

/** Builds one line item from `line_items[i]` (inline `price_data` only: the sandbox has no Prices API). */
function lineItem(ctx: Ctx, raw: Param, i: number): JsonObject {
  const p = `line_items[${i}]`;
  const item = hash(raw, p) ?? {};
  if (item.price !== undefined) throw noSuch('price', String(item.price), `${p}[price]`);
  const priceData = hash(item.price_data, `${p}[price_data]`);
  if (!priceData) throw invalidParam(`${p}[price_data]`, `Missing required param: ${p}[price_data].`, 'parameter_missing');
  const currency = checkCurrency(str(priceData.currency, `${p}[price_data][currency]`, true) as string, `${p}[price_data][currency]`);
  const unit = int(priceData.unit_amount, `${p}[price_data][unit_amount]`, { required: true, min: 0 }) as number;
  const product = hash(priceData.product_data, `${p}[price_data][product_data]`) ?? {};
  const name = str(product.name, `${p}[price_data][product_data][name]`, true) as string;
  const quantity = int(item.quantity, `${p}[quantity]`, { required: true, min: 1 }) as number;
  const total = unit * quantity;
  return {
    id: newId('li'),
    object: 'item',
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency,
    description: name,
    price: {
      id: newId('price'),
      object: 'price',
      active: false,
      billing_scheme: 'per_unit',
      created: ctx.now,
      currency,
      livemode: false,
      metadata: {},
      product: newId('prod'),
      type: 'one_time',
      unit_amount: unit,
      unit_amount_decimal: String(unit),
    },
    quantity,
  };
}

/** What the mode decides: line items and amounts (payment), or the SetupIntent's data (setup). */
function modeFields(
  ctx: Ctx,
  params: Params,
  mode: 'payment' | 'setup',
): { items: JsonObject[]; amount: number | null; currency: string | null; privateData: JsonObject } {
  if (mode === 'setup') {
    if (params.line_items !== undefined) throw invalidParam('line_items', 'You cannot pass `line_items` in `setup` mode.');
    if (params.payment_intent_data !== undefined) throw invalidParam('payment_intent_data', 'You can only pass `payment_intent_data` in `payment` mode.');
    const currency = str(params.currency, 'currency');
    const siData = hash(params.setup_intent_data, 'setup_intent_data') ?? {};
    allowOnly(siData, ['metadata', 'description']);
    return { items: [], amount: null, currency: currency ? checkCurrency(currency) : null, privateData: { setup_intent_data: siData } };
  }
  if (params.setup_intent_data !== undefined) throw invalidParam('setup_intent_data', 'You can only pass `setup_intent_data` in `setup` mode.');
  const raw = list(params.line_items, 'line_items');
  if (raw.length === 0) throw invalidParam('line_items', 'Missing required param: line_items.', 'parameter_missing');
  const items = raw.map((r, i) => lineItem(ctx, r, i));
  const amount = items.reduce((sum, it) => sum + (it.amount_total as number), 0);
  checkAmount(amount, 'line_items');
  const piData = hash(params.payment_intent_data, 'payment_intent_data') ?? {};
  allowOnly(piData, ['metadata', 'description', 'setup_future_usage', 'receipt_email']);
  return { items, amount, currency: items[0]?.currency as string, privateData: { payment_intent_data: piData } };
}

function create(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, [
    'mode',
    'line_items',
    'success_url',
    'cancel_url',
    'customer',
    'customer_email',
    'customer_creation',
    'metadata',
    'client_reference_id',
    'payment_intent_data',
    'setup_intent_data',
    'currency',
    'expires_at',
    'payment_method_types',
    'ui_mode',
  ]);
  const mode = oneOf(params.mode, 'mode', ['payment', 'setup', 'subscription'] as const, true);
  if (mode === 'subscription') throw invalidParam('mode', 'The Burnrate Stripe sandbox supports mode=payment and mode=setup only.');
  const { items, amount, currency, privateData } = modeFields(ctx, params, mode ?? 'payment');
  const customer = str(params.customer, 'customer') ?? null;
  if (customer) ctx.store.require('customer', customer, 'customer', 'customer');
  const email = str(params.customer_email, 'customer_email') ?? null;
  if (customer && email) throw invalidParam('customer_email', 'You may only specify one of these parameters: customer, customer_email.');
  const expiresAt = int(params.expires_at, 'expires_at') ?? ctx.now + DAY;
  if (expiresAt < ctx.now + 1800 || expiresAt > ctx.now + DAY) {
    throw invalidParam('expires_at', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.');
  }
  const id = newId('cs_test');
  const session: CheckoutSession = {
    id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: urlParam(params.cancel_url, 'cancel_url') ?? null,
    client_reference_id: str(params.client_reference_id, 'client_reference_id') ?? null,
    client_secret: null,
    created: ctx.now,
    currency,
    custom_fields: [],
    customer,
    // Checkout makes customers in payment mode only; setup mode saves the card to the customer given, if any.
    customer_creation:
      mode === 'setup' ? null : (oneOf(params.customer_creation, 'customer_creation', ['always', 'if_required'] as const) ?? (customer ? null : 'if_required')),
    customer_details: email ? { address: null, email, name: null, phone: null, tax_exempt: 'none', tax_ids: [] } : null,
    customer_email: email,
    expires_at: expiresAt,
    invoice: null,
    livemode: false,
    locale: null,
    metadata: applyMetadata({}, params.metadata),
    mode: mode ?? 'payment',
    payment_intent: null,
    payment_link: null,
    payment_method_types: ['card'],
    payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
    setup_intent: null,
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: urlParam(params.success_url, 'success_url') ?? null,
    total_details: mode === 'setup' ? null : { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${SANDBOX_URL}/checkout/${id}`,
  };
  ctx.store.insert('checkout.session', session, { customer, status: 'open' });
  items.forEach((item) => ctx.store.insert('item', { ...item, created: ctx.now }, { ref: id }));
  ctx.store.setPrivate(id, ctx.now, privateData);
  return { status: 200, body: session };
}

/** Expires an open session; a PaymentIntent or SetupIntent left over from a failed attempt is canceled, as Stripe does. */
export function expireSession(ctx: Ctx, session: CheckoutSession): CheckoutSession {
  if (session.status !== 'open') {
    throw unexpectedState(null, `Only Checkout Sessions with a status in ["open"] can be expired. This session has status "${session.status}".`);
  }
  if (session.payment_intent) {
    const pi = ctx.store.get<PaymentIntent>('payment_intent', session.payment_intent);
    if (pi && pi.status !== 'succeeded' && pi.status !== 'canceled') {
      const canceled = saveIntent(ctx, { ...pi, status: 'canceled', canceled_at: ctx.now, cancellation_reason: 'abandoned', next_action: null });
      emit(ctx, 'payment_intent.canceled', canceled);
    }
  }
  if (session.setup_intent) {
    const si = ctx.store.get<SetupIntent>('setup_intent', session.setup_intent);
    if (si && si.status !== 'succeeded' && si.status !== 'canceled') cancelSetupIntent(ctx, si, 'abandoned');
  }
  const next = saveSession(ctx, { ...session, status: 'expired', url: null });
  emit(ctx, 'checkout.session.expired', next);
  return next;
}

/** Expires every open session whose `expires_at` has passed on the sandbox clock. */
export function expireDueSessions(ctx: Ctx): void {
  for (const s of ctx.store.where<CheckoutSession>('checkout.session', 'status', 'open')) {
    if (s.expires_at <= ctx.now) expireSession(ctx, s);
  }
}

function lineItems(ctx: Ctx, params: Params, id: string): JsonObject {
  const strip = ({ created: _created, ...item }: JsonObject): JsonObject => item;
  const where: Condition[] = [{ sql: 'ref = ?', args: [id] }];
  const url = `/v1/checkout/sessions/${id}/line_items`;
  return listPage(ctx, params, { table: 'objects', kind: 'item', where, url, what: 'line item', ascending: true }, strip);
}

/** Routes of the Checkout Sessions API. */
export const checkoutSessionRoutes: Route[] = [
  { method: 'POST', path: '/v1/checkout/sessions', handler: create },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    handler: (ctx, params) => {
      allowOnly(params, [...LIST_PARAMS, 'customer', 'payment_intent', 'status']);
      const where: Condition[] = [];
      const customer = str(params.customer, 'customer');
      const pi = str(params.payment_intent, 'payment_intent');
      const status = oneOf(params.status, 'status', ['open', 'complete', 'expired'] as const);
      if (customer) where.push({ sql: 'customer = ?', args: [customer] });
      if (pi) where.push({ sql: 'ref = ?', args: [pi] });
      if (status) where.push({ sql: 'status = ?', args: [status] });
      const spec = { table: 'objects', kind: 'checkout.session', where, url: '/v1/checkout/sessions', what: WHAT } as const;
      return { status: 200, body: listPage(ctx, params, spec) };
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      const session = ctx.store.require<CheckoutSession>('checkout.session', id, WHAT);
      // line_items is not a field holding an id, so the generic expander cannot fill it in.
      const wanted = list(params.expand, 'expand').includes('line_items');
      return { status: 200, body: wanted ? { ...session, line_items: lineItems(ctx, {}, id) } : session };
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id/line_items',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, [...LIST_PARAMS]);
      ctx.store.require('checkout.session', id, WHAT);
      return { status: 200, body: lineItems(ctx, params, id) };
    },
  },
  {
    method: 'POST',
    path: '/v1/checkout/sessions/:id/expire',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      return { status: 200, body: expireSession(ctx, ctx.store.require<CheckoutSession>('checkout.session', id, WHAT)) };
    },
  },
];
