import type { Db } from '../db/open-database.js';
import { RefusedError } from '../errors.js';
import { creditsToUsdString } from '../money.js';
import type { PaymentStore } from './payment-store.js';
import { cachedStatement } from '../db/statement-cache.js';

/** Everything an offline PDF receipt of one purchase shows. */
export interface ReceiptData {
  /** The Stripe PaymentIntent id: the payment's reference everywhere. */
  paymentId: string;
  kind: 'purchase' | 'refill' | 'checkout';
  /** ISO-8601 UTC time the credits were added. */
  date: string;
  amountCents: number;
  /** e.g. "20.00" */
  amountUsd: string;
  credits: number;
  cardBrand: string | null;
  cardLast4: string | null;
  description: string;
  receiptEmail: string | null;
  ledgerEntryId: number;
  refundedCredits: number;
}

/**
 * The data for the receipt of a succeeded payment, by PaymentIntent id; refuses anything else.
 * The receipt email is the one sent with that payment (none for a payment made before an email was set).
 */
export function receiptData(db: Db, store: PaymentStore, paymentIntent: string): ReceiptData {
  const p = store.byIntent(typeof paymentIntent === 'string' ? paymentIntent.trim() : '');
  if (!p || p.status !== 'succeeded' || p.ledgerEntryId === null || !p.paymentIntent) {
    throw new RefusedError('unknown_payment', `no succeeded payment ${String(paymentIntent)}`);
  }
  const entry = cachedStatement(db, 'SELECT credits, at, description FROM ledger_entries WHERE id = ?').get(p.ledgerEntryId) as {
    credits: number;
    at: number;
    description: string;
  };
  const refunded = cachedStatement(db, 'SELECT COALESCE(SUM(credits), 0) FROM payment_refunds WHERE payment_intent = ?', 'pluck').get(
    p.paymentIntent,
  ) as number;
  const request = JSON.parse(p.request) as { receiptEmail?: string | null };
  return {
    paymentId: p.paymentIntent,
    kind: p.kind,
    date: new Date(entry.at).toISOString(),
    amountCents: entry.credits,
    amountUsd: creditsToUsdString(entry.credits),
    credits: entry.credits,
    cardBrand: p.cardBrand,
    cardLast4: p.cardLast4,
    description: entry.description,
    receiptEmail: request.receiptEmail ?? null,
    ledgerEntryId: p.ledgerEntryId,
    refundedCredits: refunded,
  };
}

/** Receipt data of every succeeded payment in [from, to) (epoch ms), oldest first. */
export function receiptsBetween(db: Db, store: PaymentStore, from: number, to: number): ReceiptData[] {
  const ids = cachedStatement(
    db,
    `SELECT p.payment_intent FROM payments p JOIN ledger_entries e ON e.id = p.ledger_entry_id
              WHERE p.status = 'succeeded' AND e.at >= ? AND e.at < ? ORDER BY e.id`,
    'pluck',
  ).all(from, to) as string[];
  return ids.map((id) => receiptData(db, store, id));
}
