/** The kinds of ledger entry, as stored and as exported. */
export const ENTRY_KINDS = ['purchase', 'refill', 'coupon', 'charge', 'refund', 'reversal', 'adjustment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One ledger entry as the engine hands it out (times as epoch ms). */
export interface LedgerEntry {
  id: number;
  kind: EntryKind;
  credits: number;
  balanceAfter: number;
  idempotencyKey: string;
  reference: string | null;
  deploymentId: number | null;
  hourStart: number | null;
  at: number;
  description: string;
}

/** What a caller supplies to append an entry; the ledger derives the balance. */
export interface NewEntry {
  kind: EntryKind;
  credits: number;
  idempotencyKey: string;
  reference?: string | null;
  deploymentId?: number | null;
  hourStart?: number | null;
  at: number;
  description?: string;
}

/** Row shape of ledger_entries. */
export interface LedgerRow {
  id: number;
  kind: EntryKind;
  credits: number;
  balance_after: number;
  idempotency_key: string;
  reference: string | null;
  deployment_id: number | null;
  hour_start: number | null;
  at: number;
  description: string;
}

/** Maps a stored row to the engine's entry shape. */
export function rowToEntry(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    kind: r.kind,
    credits: r.credits,
    balanceAfter: r.balance_after,
    idempotencyKey: r.idempotency_key,
    reference: r.reference,
    deploymentId: r.deployment_id,
    hourStart: r.hour_start,
    at: r.at,
    description: r.description,
  };
}
