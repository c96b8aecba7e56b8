/** Refunds: full or partial, against a PaymentIntent or a charge. How support gives money back. */
import { ApiError, invalidParam, unexpectedState } from '../errors.js';
import { newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, applyMetadata, int, oneOf, str } from '../params.js';
import type { ApiResult, Ctx, JsonObject, Params, Route } from '../types.js';
import { saveCharge, type Charge } from './charges.js';
import { changedFields, emit } from './events.js';
import type { PaymentIntent } from './intent-engine.js';

/** The stored shape of a refund (fields the sandbox reads). */
export interface Refund extends JsonObject {
  id: string;
  object: 'refund';
  created: number;
  amount: number;
  charge: string;
  payment_intent: string | null;
  metadata: Record<string, string>;
}

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

/** The charge a refund request points at, checked to be refundable. */
function targetCharge(ctx: Ctx, params: Params): Charge {
  const piId = str(params.payment_intent, 'payment_intent');
  const chargeId = str(params.charge, 'charge');
  if (!piId && !chargeId) {
    throw new ApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      message: 'One of the following params should be provided for this request: payment_intent or charge.',
    });
  }
  let id = chargeId;
  if (piId) {
    const pi = ctx.store.require<PaymentIntent>('payment_intent', piId, 'payment_intent', 'payment_intent');
    if (pi.status !== 'succeeded' || !pi.latest_charge) {
      throw unexpectedState('charge_not_refundable', `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`);
    }
    if (chargeId && chargeId !== pi.latest_charge) throw invalidParam('charge', `Charge ${chargeId} does not belong to PaymentIntent ${pi.id}.`);
    id = pi.latest_charge;
  }
  const charge = ctx.store.require<Charge>('charge', id as string, 'charge', 'charge');
  if (charge.status !== 'succeeded') throw unexpectedState('charge_not_refundable', `Charge ${charge.id} did not succeed, so it cannot be refunded.`);
  return charge;
}

function create(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
  const charge = targetCharge(ctx, params);
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw unexpectedState('charge_already_refunded', `Charge ${charge.id} has already been refunded.`);
  const amount = int(params.amount, 'amount', { min: 1 }) ?? remaining;
  if (amount > remaining) {
    throw invalidParam('amount', `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`, 'amount_too_large');
  }
  const refund: Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    destination_details: {
      card: { reference: null, reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: applyMetadata({}, params.metadata),
    payment_intent: charge.payment_intent,
    reason: oneOf(params.reason, 'reason', REASONS) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  ctx.store.insert('refund', refund, { customer: charge.customer, ref: charge.id, status: 'succeeded' });
  emit(ctx, 'refund.created', refund);
  const refunded = charge.amount_refunded + amount;
  const next = saveCharge(ctx, { ...charge, amount_refunded: refunded, refunded: refunded === charge.amount });
  emit(ctx, 'charge.refunded', next, changedFields(charge, next));
  return { status: 200, body: refund };
}

function list(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, [...LIST_PARAMS, 'charge', 'payment_intent']);
  const where: Condition[] = [];
  const charge = str(params.charge, 'charge');
  const pi = str(params.payment_intent, 'payment_intent');
  if (charge) where.push({ sql: 'ref = ?', args: [charge] });
  if (pi) where.push({ sql: "json_extract(data, '$.payment_intent') = ?", args: [pi] });
  return { status: 200, body: listPage(ctx, params, { table: 'objects', kind: 'refund', where, url: '/v1/refunds', what: 'refund' }) };
}

/** Routes: create, retrieve, update (metadata), list refunds. */
export const refundRoutes: Route[] = [
  { method: 'POST', path: '/v1/refunds', handler: create },
  { method: 'GET', path: '/v1/refunds', handler: list },
  {
    method: 'GET',
    path: '/v1/refunds/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      return { status: 200, body: ctx.store.require<Refund>('refund', id, 'refund') };
    },
  },
  {
    method: 'POST',
    path: '/v1/refunds/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, ['metadata']);
      const refund = ctx.store.require<Refund>('refund', id, 'refund');
      const next = { ...refund, metadata: applyMetadata(refund.metadata, params.metadata) };
      ctx.store.update(next, { customer: ctx.store.get<Charge>('charge', refund.charge)?.customer ?? null, ref: refund.charge, status: 'succeeded' });
      emit(ctx, 'refund.updated', next, changedFields(refund, next));
      return { status: 200, body: next };
    },
  },
];
