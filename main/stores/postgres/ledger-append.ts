import { RefusedError } from '../../core/errors.js';
import { isWholeCredits } from '../../core/money.js';
import { type LedgerEntry, type LedgerRow, type NewEntry, rowToEntry } from '../../core/ledger/entry-types.js';
import type { SyncConnection } from './sync-connection.js';

/**
 * Runs `fn` as a writing transaction of one org: scoped to it, with its ledger
 * account locked first. Every writer of the org queues on that one row lock,
 * so within an org, writing transactions run one at a time — what SQLite's
 * BEGIN IMMEDIATE gives the desktop, so the engine's read-then-write rules
 * (not only the ledger's) hold unchanged. READ COMMITTED: nothing to retry,
 * so `fn` runs once (docs/server.md has the measurements behind this choice).
 */
export function writeInOrg<T>(conn: SyncConnection, orgId: number, fn: () => T): T {
  return conn.transaction(
    () => {
      lockOrgBalance(conn);
      return fn();
    },
    { orgId, isolation: 'read committed' },
  );
}

/**
 * The org's balance, with its ledger account locked until the transaction
 * ends (pgledger's order: lock the account, read, then write). Every writer
 * to one org's ledger takes this lock first, so in READ COMMITTED the balance
 * read here is still the balance when the entry is inserted.
 */
export function lockOrgBalance(conn: SyncConnection): number {
  if (!conn.inTransaction) throw new Error('lockOrgBalance runs inside a transaction');
  const row = conn.get<{ balance: number }>('SELECT balance FROM ledger_accounts WHERE org_id = burnrate_org() FOR UPDATE');
  if (!row) throw new Error('no org ledger in scope: run the transaction with its orgId');
  return row.balance;
}

/**
 * Appends an entry to the scoped org's ledger, refusing one that would take
 * the balance below zero. Runs in the caller's transaction; the database
 * checks the chain again (burnrate_ledger_chain).
 */
export function appendOrgEntry(conn: SyncConnection, entry: NewEntry): LedgerEntry {
  if (!isWholeCredits(entry.credits) || entry.credits === 0) {
    throw new RefusedError('invalid_credits', `credits must be a non-zero whole number, got ${String(entry.credits)}`);
  }
  const balance = lockOrgBalance(conn);
  const balanceAfter = balance + entry.credits;
  if (balanceAfter < 0) throw new RefusedError('insufficient_credits', `needs ${-entry.credits} credits, ${balance} available`);
  const row = conn.get<LedgerRow>(
    `INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      entry.kind,
      entry.credits,
      balance,
      balanceAfter,
      entry.idempotencyKey,
      entry.reference ?? null,
      entry.deploymentId ?? null,
      entry.hourStart ?? null,
      entry.at,
      entry.description ?? '',
    ],
  )!;
  return rowToEntry(row);
}
