import type { Db } from '../db/open-database.js';
import { isRefused, RefusedError } from '../errors.js';
import { type LedgerEntry, type LedgerRow, rowToEntry } from '../ledger/entry-types.js';

/** Card and email details the payments module knows about a payment; all optional. */
export interface ReceiptPaymentDetails {
  cardBrand?: string | null;
  cardLast4?: string | null;
  receiptEmail?: string | null;
}

/** Looks up a payment's card details; null when the payments module does not know it. */
export type ReceiptDetailsLookup = (paymentId: string) => Promise<ReceiptPaymentDetails | null> | ReceiptPaymentDetails | null;

/** What a receipt shows. */
export interface ReceiptData {
  paymentId: string;
  entry: LedgerEntry;
  details: ReceiptPaymentDetails;
}

/**
 * The purchase or refill entry credited for payment `paymentId` (its
 * reference), or a refusal when there is none.
 */
export function findPaymentEntry(db: Db, paymentId: string | undefined): LedgerEntry {
  const id = typeof paymentId === 'string' ? paymentId.trim() : '';
  if (id === '') throw new RefusedError('missing_payment_id', 'a receipt needs the payment id (--id PAYMENT)');
  const row = db.prepare("SELECT * FROM ledger_entries WHERE reference = ? AND kind IN ('purchase', 'refill') ORDER BY id LIMIT 1").get(id) as
    LedgerRow | undefined;
  if (!row) throw new RefusedError('unknown_payment', `no purchase or refill with payment id '${id}' in the ledger`);
  return rowToEntry(row);
}

/** What receipts need of the payments module: the card and email it recorded for a payment. */
export interface PaymentReceipts {
  receipt(paymentIntent: string): { cardBrand: string | null; cardLast4: string | null; receiptEmail: string | null };
}

/**
 * The card lookup for receipts from the services' payments module, when
 * present: the receipt shows the card brand, its last four digits and the
 * email a receipt went to. What a failed lookup means is decided once, in
 * `receiptData`.
 */
export function receiptLookupFrom(services: { payments?: PaymentReceipts }): ReceiptDetailsLookup | undefined {
  const payments = services.payments;
  if (!payments) return undefined;
  return (id: string) => {
    const r = payments.receipt(id);
    return { cardBrand: r.cardBrand, cardLast4: r.cardLast4, receiptEmail: r.receiptEmail };
  };
}

/** Errors that are bugs in Burnrate, not a lookup that could not answer: those must surface. */
const PROGRAMMING_ERRORS = [TypeError, ReferenceError, SyntaxError, RangeError];

/**
 * The one rule for a failed card lookup: a receipt must come out offline, so
 * a refusal (a payment the payments module does not know) or a failure to
 * reach it only leaves the card off; a programming error is thrown, never
 * hidden behind a receipt without a card.
 */
async function lookupDetails(lookup: ReceiptDetailsLookup, paymentId: string): Promise<ReceiptPaymentDetails> {
  try {
    return (await lookup(paymentId)) ?? {};
  } catch (err) {
    if (!isRefused(err) && PROGRAMMING_ERRORS.some((E) => err instanceof E)) throw err;
    return {};
  }
}

/** The receipt for one payment: the ledger entry, enriched where the lookup knows more. */
export async function receiptData(db: Db, paymentId: string | undefined, lookup?: ReceiptDetailsLookup): Promise<ReceiptData> {
  const entry = findPaymentEntry(db, paymentId);
  const ref = entry.reference ?? '';
  return { paymentId: ref, entry, details: lookup ? await lookupDetails(lookup, ref) : {} };
}
