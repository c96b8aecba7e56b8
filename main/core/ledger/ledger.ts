import type { Db } from '../db/open-database.js';
import { crashPoint } from '../crash-points.js';
import { RefusedError } from '../errors.js';
import { isWholeCredits } from '../money.js';
import { type LedgerEntry, type LedgerRow, type NewEntry, rowToEntry } from './entry-types.js';
import { cachedStatement } from '../db/statement-cache.js';

type Listener = (entry: LedgerEntry) => void;

/**
 * The append-only credit ledger. Balance is the last entry's balance_after;
 * the database enforces the chain, non-negativity and one charge per hour.
 */
export class Ledger {
  private readonly lastStmt;
  private readonly insertStmt;
  private readonly byKeyStmt;
  private readonly listeners: Listener[] = [];

  constructor(private readonly db: Db) {
    this.lastStmt = cachedStatement(db, 'SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1', 'pluck');
    this.insertStmt = cachedStatement(
      db,
      `INSERT INTO ledger_entries
      (kind, credits, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description)
      VALUES (@kind, @credits, @balanceAfter, @idempotencyKey, @reference, @deploymentId, @hourStart, @at, @description)
      RETURNING *`,
    );
    this.byKeyStmt = cachedStatement(db, 'SELECT * FROM ledger_entries WHERE idempotency_key = ?');
  }

  /** When the last entry is dated (null for an empty ledger). */
  lastAt(): number | null {
    return (cachedStatement(this.db, 'SELECT at FROM ledger_entries ORDER BY id DESC LIMIT 1', 'pluck').get() as number | undefined) ?? null;
  }

  /** Current balance in credits. */
  balance(): number {
    return (this.lastStmt.get() as number | undefined) ?? 0;
  }

  /** The entry recorded under an idempotency key, if any. */
  findByKey(key: string): LedgerEntry | null {
    const row = this.byKeyStmt.get(key) as LedgerRow | undefined;
    return row ? rowToEntry(row) : null;
  }

  /** The entry with this id, if any. */
  findById(id: number): LedgerEntry | null {
    const row = cachedStatement(this.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(id) as LedgerRow | undefined;
    return row ? rowToEntry(row) : null;
  }

  /**
   * Appends an entry, refusing one that would take the balance below zero.
   * Callers run it inside their own transaction with the state change it pays for.
   */
  append(entry: NewEntry): LedgerEntry {
    if (!isWholeCredits(entry.credits) || entry.credits === 0) {
      throw new RefusedError('invalid_credits', `credits must be a non-zero whole number, got ${String(entry.credits)}`);
    }
    const balanceAfter = this.balance() + entry.credits;
    if (balanceAfter < 0) {
      throw new RefusedError('insufficient_credits', `needs ${-entry.credits} credits, ${balanceAfter - entry.credits} available`);
    }
    crashPoint('ledger-before-insert');
    const row = this.insertStmt.get({
      kind: entry.kind,
      credits: entry.credits,
      balanceAfter,
      idempotencyKey: entry.idempotencyKey,
      reference: entry.reference ?? null,
      deploymentId: entry.deploymentId ?? null,
      hourStart: entry.hourStart ?? null,
      at: entry.at,
      description: entry.description ?? '',
    }) as LedgerRow;
    const appended = rowToEntry(row);
    crashPoint('ledger-after-insert');
    for (const l of this.listeners) l(appended);
    crashPoint('ledger-after-listeners');
    return appended;
  }

  /** Appends an entry unless its idempotency key is already recorded; returns the stored one. */
  appendOnce(entry: NewEntry): { entry: LedgerEntry; created: boolean } {
    const existing = this.findByKey(entry.idempotencyKey);
    if (existing) return { entry: existing, created: false };
    return { entry: this.append(entry), created: true };
  }

  /** Registers a listener called (inside the writer's transaction) for each appended entry. */
  onAppend(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
