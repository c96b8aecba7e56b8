/** Payment methods: test-card tokens become real `pm_…` objects; attach, detach, list. */
import { ApiError, invalidParam, noSuch } from '../errors.js';
import { cardFingerprint, newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, applyMetadata, str } from '../params.js';
import { testCardByToken, testCardFor, type TestCard } from '../test-cards.js';
import type { ApiResult, Ctx, JsonObject, Params, Route } from '../types.js';
import { changedFields, emit } from './events.js';

/** The stored shape of a card payment method (fields the sandbox reads). */
export interface PaymentMethod extends JsonObject {
  id: string;
  object: 'payment_method';
  created: number;
  customer: string | null;
  metadata: Record<string, string>;
  card: { brand: string; last4: string; funding: string; country: string; exp_month: number; exp_year: number; [k: string]: JsonObject[string] };
}

const WHAT = 'PaymentMethod';
const EMPTY_ADDRESS = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

function build(ctx: Ctx, card: TestCard): PaymentMethod {
  const year = new Date(ctx.now * 1000).getUTCFullYear();
  return {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: { ...EMPTY_ADDRESS }, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country,
      display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
      exp_month: 12,
      exp_year: year + 3,
      fingerprint: cardFingerprint(card.brand, card.last4),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.now,
    customer: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

/** Saves a payment method and keeps its `customer` index column in step. */
export function savePaymentMethod(ctx: Ctx, pm: PaymentMethod): PaymentMethod {
  return ctx.store.update(pm, { customer: pm.customer });
}

/** The behaviour of a stored payment method's card. */
export function cardOf(pm: PaymentMethod): TestCard {
  const card = testCardFor(pm.card.brand, pm.card.last4);
  if (!card) throw new Error(`payment method ${pm.id} is not a known test card`);
  return card;
}

/** A stored payment method, or a new one made from a `pm_card_*` test id (as Stripe does). */
export function resolvePaymentMethod(ctx: Ctx, id: string, param?: string): PaymentMethod {
  const card = testCardByToken(id);
  if (card) return ctx.store.insert('payment_method', build(ctx, card), {});
  return ctx.store.require<PaymentMethod>('payment_method', id, WHAT, param);
}

/** Attaches a payment method to a customer; cards that fail Stripe's attach-time check are declined. */
export function attach(ctx: Ctx, pm: PaymentMethod, customerId: string): PaymentMethod {
  ctx.store.require('customer', customerId, 'customer', 'customer');
  if (pm.customer === customerId) return pm;
  if (pm.customer) {
    throw invalidParam('customer', 'The payment method you provided has already been attached to a customer.');
  }
  const decline = cardOf(pm).attachDecline;
  if (decline) {
    throw new ApiError(402, {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
    });
  }
  const updated = savePaymentMethod(ctx, { ...pm, customer: customerId });
  emit(ctx, 'payment_method.attached', updated, { customer: null });
  return updated;
}

function detach(ctx: Ctx, params: Params, id: string): ApiResult {
  allowOnly(params, []);
  const pm = ctx.store.require<PaymentMethod>('payment_method', id, WHAT);
  if (!pm.customer) {
    throw invalidParam('payment_method', 'The payment method you provided is not attached to a customer so detachment is impossible.');
  }
  const customer = ctx.store.get<JsonObject & { invoice_settings: JsonObject }>('customer', pm.customer);
  if (customer && customer.invoice_settings.default_payment_method === id) {
    // Stripe clears a default that points at a detached method.
    const next = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } };
    ctx.store.update(next, {});
    emit(ctx, 'customer.updated', next, changedFields(customer, next));
  }
  const updated = savePaymentMethod(ctx, { ...pm, customer: null });
  emit(ctx, 'payment_method.detached', updated, { customer: pm.customer });
  return { status: 200, body: updated };
}

function listFor(ctx: Ctx, params: Params, customer: string | undefined, url: string): ApiResult {
  const type = str(params.type, 'type');
  const where: Condition[] = [];
  if (customer) where.push({ sql: 'customer = ?', args: [customer] });
  // The sandbox only makes cards, so any other type lists nothing.
  if (type && type !== 'card') where.push({ sql: '0', args: [] });
  return { status: 200, body: listPage(ctx, params, { table: 'objects', kind: 'payment_method', where, url, what: WHAT }) };
}

/** Routes: attach, detach, retrieve, update, list (account-wide and per customer). */
export const paymentMethodRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['customer']);
      const customer = str(params.customer, 'customer', true) as string;
      return { status: 200, body: attach(ctx, resolvePaymentMethod(ctx, id), customer) };
    },
  },
  { method: 'POST', path: '/v1/payment_methods/:id/detach', handler: (ctx, params, { id = '' }) => detach(ctx, params, id) },
  {
    method: 'GET',
    path: '/v1/payment_methods/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      return { status: 200, body: ctx.store.require<PaymentMethod>('payment_method', id, WHAT) };
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['metadata']);
      const pm = ctx.store.require<PaymentMethod>('payment_method', id, WHAT);
      const next = savePaymentMethod(ctx, { ...pm, metadata: applyMetadata(pm.metadata, params.metadata) });
      emit(ctx, 'payment_method.updated', next, changedFields(pm, next));
      return { status: 200, body: next };
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    handler: (ctx, params) => {
      allowOnly(params, [...LIST_PARAMS, 'customer', 'type']);
      return listFor(ctx, params, str(params.customer, 'customer'), '/v1/payment_methods');
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:customer/payment_methods',
    handler: (ctx, params, { customer = '' }) => {
      allowOnly(params, [...LIST_PARAMS, 'type', 'allow_redisplay']);
      ctx.store.require('customer', customer, 'customer');
      return listFor(ctx, params, customer, `/v1/customers/${customer}/payment_methods`);
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:customer/payment_methods/:id',
    handler: (ctx, params, { customer = '', id = '' }) => {
      allowOnly(params, []);
      const pm = ctx.store.require<PaymentMethod>('payment_method', id, WHAT);
      if (pm.customer !== customer) throw noSuch(WHAT, id);
      return { status: 200, body: pm };
    },
  },
];
