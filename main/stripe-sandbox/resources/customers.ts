/** Customers: create, retrieve, update (incl. the default payment method), list. */
import { invalidParam } from '../errors.js';
import { base62, newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, applyMetadata, hash, str } from '../params.js';
import type { ApiResult, Ctx, JsonObject, Params, Route } from '../types.js';
import { changedFields, emit } from './events.js';
import { attach, resolvePaymentMethod, type PaymentMethod } from './payment-methods.js';

/** The stored shape of a customer (fields the sandbox reads). */
export interface Customer extends JsonObject {
  id: string;
  object: 'customer';
  created: number;
  email: string | null;
  metadata: Record<string, string>;
  invoice_settings: { default_payment_method: string | null; [k: string]: JsonObject[string] };
}

const EDITABLE = ['email', 'name', 'description', 'phone'] as const;
type CustomerFields = Partial<Record<(typeof EDITABLE)[number], string | null>>;

/** Resolves `invoice_settings[default_payment_method]`: must be attached to this customer, as Stripe insists. */
function defaultPaymentMethod(ctx: Ctx, customerId: string, settings: Params | undefined): string | null | undefined {
  if (!settings) return undefined;
  allowOnly(settings, ['default_payment_method']);
  const param = 'invoice_settings[default_payment_method]';
  if (settings.default_payment_method === '') return null;
  const id = str(settings.default_payment_method, param);
  if (id === undefined) return undefined;
  const pm = ctx.store.require<PaymentMethod>('payment_method', id, 'PaymentMethod', param);
  if (pm.customer !== customerId) {
    throw invalidParam(
      param,
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      'resource_missing',
    );
  }
  return id;
}

/** Creates and stores a customer (also used by Checkout's `customer_creation=always`). */
export function insertCustomer(ctx: Ctx, fields: CustomerFields, metadata: Record<string, string>): Customer {
  const customer: Customer = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: ctx.now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: base62(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata,
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  ctx.store.insert('customer', customer);
  emit(ctx, 'customer.created', customer);
  return customer;
}

function create(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, [...EDITABLE, 'metadata', 'payment_method', 'invoice_settings']);
  const fields: CustomerFields = {};
  for (const field of EDITABLE) fields[field] = str(params[field], field) ?? null;
  const customer = insertCustomer(ctx, fields, applyMetadata({}, params.metadata));
  // Stripe attaches `payment_method` at creation; the default must then name an attached method.
  const pmId = str(params.payment_method, 'payment_method');
  if (pmId) attach(ctx, resolvePaymentMethod(ctx, pmId, 'payment_method'), customer.id);
  const dpm = defaultPaymentMethod(ctx, customer.id, hash(params.invoice_settings, 'invoice_settings'));
  if (dpm === undefined) return { status: 200, body: customer };
  const withDefault = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: dpm } };
  return { status: 200, body: ctx.store.update(withDefault) };
}

function update(ctx: Ctx, params: Params, id: string): ApiResult {
  allowOnly(params, [...EDITABLE, 'metadata', 'invoice_settings']);
  const before = ctx.store.require<Customer>('customer', id, 'customer');
  const next: Customer = { ...before, metadata: applyMetadata(before.metadata, params.metadata) };
  for (const field of EDITABLE) {
    if (params[field] === '') next[field] = null;
    else if (params[field] !== undefined) next[field] = str(params[field], field) ?? null;
  }
  const dpm = defaultPaymentMethod(ctx, id, hash(params.invoice_settings, 'invoice_settings'));
  if (dpm !== undefined) next.invoice_settings = { ...before.invoice_settings, default_payment_method: dpm };
  const previous = changedFields(before, next);
  ctx.store.update(next);
  if (Object.keys(previous).length) emit(ctx, 'customer.updated', next, previous);
  return { status: 200, body: next };
}

function list(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, [...LIST_PARAMS, 'email']);
  const email = str(params.email, 'email');
  const where: Condition[] = email ? [{ sql: "json_extract(data, '$.email') = ?", args: [email] }] : [];
  return { status: 200, body: listPage(ctx, params, { table: 'objects', kind: 'customer', where, url: '/v1/customers', what: 'customer' }) };
}

/** Routes: create, retrieve, update, list customers. */
export const customerRoutes: Route[] = [
  { method: 'POST', path: '/v1/customers', handler: create },
  { method: 'GET', path: '/v1/customers', handler: list },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      return { status: 200, body: ctx.store.require<Customer>('customer', id, 'customer') };
    },
  },
  { method: 'POST', path: '/v1/customers/:id', handler: (ctx, params, { id = '' }) => update(ctx, params, id) },
];
