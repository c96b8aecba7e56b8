import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';

/** What payments tell the team lead about (the alerts module turns these into alerts). */
export const NOTICE_KINDS = ['refill_succeeded', 'refill_failed', 'refill_capped', 'refill_needs_action', 'auto_refill_disabled', 'reconciliation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** One notice: kind, time, a sentence to show, and data for the action it links to. */
export interface PaymentNotice {
  id: number;
  kind: NoticeKind;
  at: number;
  message: string;
  data: Record<string, unknown>;
}

type Listener = (n: PaymentNotice) => void;

/**
 * Notices are stored in the ledger database (in the transaction that caused
 * them, so none is lost to a crash) and delivered to listeners once that
 * transaction has committed (`flush`).
 */
export class PaymentNotices {
  private readonly listeners: Listener[] = [];
  private queued: PaymentNotice[] = [];

  constructor(private readonly db: Db) {}

  /** Records a notice; listeners hear of it at the next `flush`. */
  raise(kind: NoticeKind, at: number, message: string, data: Record<string, unknown> = {}): PaymentNotice {
    const id = cachedStatement(this.db, 'INSERT INTO payment_notices (kind, at, message, data) VALUES (?, ?, ?, ?) RETURNING id', 'pluck').get(
      kind,
      at,
      message,
      JSON.stringify(data),
    ) as number;
    const n = { id, kind, at, message, data };
    this.queued.push(n);
    return n;
  }

  /** Delivers queued notices whose rows committed (rolled-back ones are dropped); inside a transaction, waits for a later flush. */
  flush(): void {
    // Inside a transaction the rows are visible to this connection before they commit (or roll back).
    if (this.db.inTransaction) return;
    const queued = this.queued;
    this.queued = [];
    if (queued.length === 0) return;
    const exists = cachedStatement(this.db, 'SELECT 1 FROM payment_notices WHERE id = ? AND kind = ? AND at = ?', 'pluck');
    for (const n of queued) {
      if (!exists.get(n.id, n.kind, n.at)) continue;
      for (const l of this.listeners) {
        try {
          l(n);
        } catch {
          // A failing subscriber must not undo a payment that already happened.
        }
      }
    }
  }

  /** Subscribes to notices; returns the unsubscribe function. */
  on(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Stored notices, newest first (optionally after an id, for catching up). */
  list(opts: { afterId?: number; limit?: number } = {}): PaymentNotice[] {
    const rows = cachedStatement(this.db, 'SELECT id, kind, at, message, data FROM payment_notices WHERE id > ? ORDER BY id DESC LIMIT ?').all(
      opts.afterId ?? 0,
      Math.max(1, Math.min(1000, opts.limit ?? 100)),
    ) as (Omit<PaymentNotice, 'data'> & { data: string })[];
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
}
