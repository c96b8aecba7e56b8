import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';

/** What a local payment is for: a saved-card purchase, an auto-refill, or a Checkout purchase. */
export type PaymentKind = 'purchase' | 'refill' | 'checkout';
/** Local status: `pending` means Stripe was (maybe) called and the outcome is not known yet. */
export type PaymentStatus = 'pending' | 'open' | 'succeeded' | 'failed' | 'requires_action' | 'canceled';

/** One payment row. */
export interface Payment {
  id: number;
  idempotencyKey: string;
  kind: PaymentKind;
  credits: number;
  cardId: string | null;
  request: string;
  status: PaymentStatus;
  paymentIntent: string | null;
  checkoutSession: string | null;
  checkoutUrl: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  ledgerEntryId: number | null;
  /** The client's key for a purchase it may send again after a lost answer (payments/purchase `requestKey`), or null. */
  requestKey: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The stand-in key a new row has inside its inserting transaction, before its id is known (never committed). */
const UNKEYED = 'unkeyed:';

const COLUMNS = `id, idempotency_key AS idempotencyKey, kind, credits, card_id AS cardId, request, status,
  payment_intent AS paymentIntent, checkout_session AS checkoutSession, checkout_url AS checkoutUrl,
  failure_code AS failureCode, failure_message AS failureMessage, card_brand AS cardBrand, card_last4 AS cardLast4,
  ledger_entry_id AS ledgerEntryId, request_key AS requestKey, created_at AS createdAt, updated_at AS updatedAt`;

/** The payments table: intents written before Stripe is called, results recorded after. */
export class PaymentStore {
  constructor(private readonly db: Db) {}

  /** Writes a new intent; `keyFor` builds its idempotency key from the row id, so the key is stored before any call. */
  insert(p: {
    kind: PaymentKind;
    credits: number;
    cardId: string | null;
    status: PaymentStatus;
    now: number;
    keyFor: (id: number) => string;
    request: (key: string) => unknown;
    requestKey?: string | null;
  }): Payment {
    return this.db
      .transaction(() => {
        // The key is made from the row's own id, which neither store hands out again (SQLite's AUTOINCREMENT,
        // PostgreSQL's identity), so the key of a crashed attempt is never reused. The id is known only once the
        // row is in: it goes in under a stand-in key (this transaction holds the write lock, so no one sees it)
        // and gets its real key at once. The stand-in request names the same backend, so the one-refill-in-flight
        // index judges the row as it will stand.
        const standIn = `${UNKEYED}${p.kind}`;
        const { lastInsertRowid } = cachedStatement(
          this.db,
          `INSERT INTO payments (idempotency_key, kind, credits, card_id, request, status, request_key, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(standIn, p.kind, p.credits, p.cardId, JSON.stringify(p.request(standIn)), p.status, p.requestKey ?? null, p.now, p.now);
        const id = Number(lastInsertRowid);
        const key = p.keyFor(id);
        cachedStatement(this.db, 'UPDATE payments SET idempotency_key = ?, request = ? WHERE id = ?').run(key, JSON.stringify(p.request(key)), id);
        return this.get(id)!;
      })
      .immediate();
  }

  /** A payment by local id. */
  get(id: number): Payment | undefined {
    return cachedStatement(this.db, `SELECT ${COLUMNS} FROM payments WHERE id = ?`).get(id) as Payment | undefined;
  }

  /** A payment by PaymentIntent id. */
  byIntent(pi: string): Payment | undefined {
    return cachedStatement(this.db, `SELECT ${COLUMNS} FROM payments WHERE payment_intent = ?`).get(pi) as Payment | undefined;
  }

  /** A payment by idempotency key. */
  byKey(key: string): Payment | undefined {
    return cachedStatement(this.db, `SELECT ${COLUMNS} FROM payments WHERE idempotency_key = ?`).get(key) as Payment | undefined;
  }

  /** A payment by the client's request key. */
  byRequestKey(key: string): Payment | undefined {
    return cachedStatement(this.db, `SELECT ${COLUMNS} FROM payments WHERE request_key = ?`).get(key) as Payment | undefined;
  }

  /** A payment by Checkout Session id. */
  bySession(session: string): Payment | undefined {
    return cachedStatement(this.db, `SELECT ${COLUMNS} FROM payments WHERE checkout_session = ?`).get(session) as Payment | undefined;
  }

  /** Payments in given statuses, oldest first. */
  withStatus(statuses: readonly PaymentStatus[]): Payment[] {
    const marks = statuses.map(() => '?').join(', ');
    return this.db.prepare(`SELECT ${COLUMNS} FROM payments WHERE status IN (${marks}) ORDER BY id`).all(...statuses) as Payment[];
  }

  /**
   * The refill in flight on `backend`, if any (the database allows one per
   * backend). Another backend's does not count: only that backend can resolve it.
   */
  refillInFlight(backend: string | null): Payment | undefined {
    // resolvablePending's rule, in SQL: the settle loop asks this after every applied item while a refill is owed.
    return cachedStatement(
      this.db,
      `SELECT ${COLUMNS} FROM payments WHERE kind = 'refill' AND status = 'pending'
                AND (@backend IS NULL OR json_extract(request, '$.backend') IS NULL OR json_extract(request, '$.backend') = @backend) ORDER BY id`,
    ).get({ backend }) as Payment | undefined;
  }

  /** Updates fields of a payment. */
  update(
    id: number,
    fields: Partial<
      Pick<
        Payment,
        'status' | 'paymentIntent' | 'checkoutSession' | 'checkoutUrl' | 'failureCode' | 'failureMessage' | 'cardBrand' | 'cardLast4' | 'ledgerEntryId'
      >
    >,
    now: number,
  ): void {
    const map: Record<string, string> = {
      status: 'status',
      paymentIntent: 'payment_intent',
      checkoutSession: 'checkout_session',
      checkoutUrl: 'checkout_url',
      failureCode: 'failure_code',
      failureMessage: 'failure_message',
      cardBrand: 'card_brand',
      cardLast4: 'card_last4',
      ledgerEntryId: 'ledger_entry_id',
    };
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map(([k]) => `${map[k]} = @${k}`).join(', ');
    this.db.prepare(`UPDATE payments SET ${sets}, updated_at = @now WHERE id = @id`).run({ ...Object.fromEntries(entries), now, id });
  }

  /** Recent payments, newest first. */
  list(limit = 100): Payment[] {
    return cachedStatement(this.db, `SELECT ${COLUMNS} FROM payments ORDER BY id DESC LIMIT ?`).all(Math.max(1, Math.min(1000, limit))) as Payment[];
  }
}

/**
 * The payments among `payments` that can be resolved on the active backend
 * `backend`: those sent to it, or sent before backends were told apart.
 * Another backend's wait for it (asking this one would only say "no such
 * customer"), so they neither count as pending nor block a mode switch or a refill.
 */
export function resolvablePending(payments: readonly Payment[], backend: string | null): Payment[] {
  return payments.filter((p) => {
    const sent = (JSON.parse(p.request) as { backend?: string | null }).backend;
    return sent === undefined || sent === null || backend === null || sent === backend;
  });
}
