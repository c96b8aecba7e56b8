/** Charges: the record of each payment attempt on a PaymentIntent (succeeded or failed). */
import { newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, str } from '../params.js';
import type { Decline } from '../test-cards.js';
import { SANDBOX_URL, type Ctx, type JsonObject, type Route } from '../types.js';
import { emit } from './events.js';
import type { PaymentMethod } from './payment-methods.js';

/** The stored shape of a charge (fields the sandbox reads). */
export interface Charge extends JsonObject {
  id: string;
  object: 'charge';
  created: number;
  amount: number;
  amount_refunded: number;
  refunded: boolean;
  currency: string;
  customer: string | null;
  payment_intent: string | null;
  status: 'succeeded' | 'failed';
}

/** What the PaymentIntent contributes to its charge. */
export interface ChargeSource {
  id: string;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  receipt_email: string | null;
  metadata: Record<string, string>;
}

function outcome(decline: Decline | null): JsonObject {
  if (!decline) {
    return {
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  return {
    network_status: 'declined_by_network',
    reason: decline.declineCode,
    risk_level: 'normal',
    risk_score: 20,
    seller_message:
      decline.declineCode === 'generic_decline'
        ? 'The bank did not return any further details with this decline.'
        : `The bank returned the decline code \`${decline.declineCode}\`.`,
    type: 'issuer_declined',
  };
}

/** Records a charge attempt for `pi` with `pm`; `decline` null means it went through. */
export function createCharge(ctx: Ctx, pi: ChargeSource, pm: PaymentMethod, decline: Decline | null): Charge {
  const ok = decline === null;
  const id = newId('ch');
  const card = pm.card;
  const charge: Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: ok ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details ?? null,
    calculated_statement_descriptor: 'BURNRATE',
    captured: ok,
    created: ctx.now,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline ? decline.code : null,
    failure_message: decline ? decline.message : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: outcome(decline),
    paid: ok,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        brand: card.brand,
        checks: card.checks ?? null,
        country: card.country,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint ?? null,
        funding: card.funding,
        last4: card.last4,
        network: card.brand,
        three_d_secure: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: ok ? `${SANDBOX_URL}/receipts/${id}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: ok ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert('charge', charge, { customer: charge.customer, ref: pi.id, status: charge.status });
  emit(ctx, ok ? 'charge.succeeded' : 'charge.failed', charge);
  return charge;
}

/** Saves a charge, keeping its index columns in step. */
export function saveCharge(ctx: Ctx, charge: Charge): Charge {
  return ctx.store.update(charge, { customer: charge.customer, ref: charge.payment_intent, status: charge.status });
}

/** Routes: retrieve and list charges. */
export const chargeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/charges/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      return { status: 200, body: ctx.store.require<Charge>('charge', id, 'charge') };
    },
  },
  {
    method: 'GET',
    path: '/v1/charges',
    handler: (ctx, params) => {
      allowOnly(params, [...LIST_PARAMS, 'customer', 'payment_intent']);
      const where: Condition[] = [];
      const customer = str(params.customer, 'customer');
      const pi = str(params.payment_intent, 'payment_intent');
      if (customer) where.push({ sql: 'customer = ?', args: [customer] });
      if (pi) where.push({ sql: 'ref = ?', args: [pi] });
      return { status: 200, body: listPage(ctx, params, { table: 'objects', kind: 'charge', where, url: '/v1/charges', what: 'charge' }) };
    },
  },
];
