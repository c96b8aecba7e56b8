import type { PgError } from './sync-connection.js';

/**
 * An error of the PostgreSQL store, named and coded as better-sqlite3 names
 * SQLite's (`code` SQLITE_CONSTRAINT_UNIQUE …), so whatever reads a store
 * error — the hosts (SQLITE_READONLY → exit 2), the tests' expectations of
 * the ledger's rules — reads both stores alike. The SQLSTATE stays in `sqlState`.
 */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sqlState: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/** A constraint's columns as SQLite lists them in its message ("UNIQUE constraint failed: t.a, t.b"). */
function uniqueColumns(err: PgError): string {
  // detail: Key (org_id, idempotency_key)=(1, k) already exists. — the org is the server's, not the rule's.
  const cols = /^Key \(([^)]*)\)=/.exec(err.detail ?? '')?.[1];
  const table = err.table ?? '';
  if (!cols) return err.constraint ?? table;
  return cols
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== 'org_id')
    .map((c) => (table ? `${table}.${c}` : c))
    .join(', ');
}

/** True when a PL/pgSQL trigger raised it (SQLite's RAISE(ABORT, …) in a trigger). */
function fromTrigger(err: PgError): boolean {
  return /PL\/pgSQL function/.test((err as { where?: string }).where ?? '');
}

/** PostgreSQL's error as the SQLite store would raise it (the message keeps what PostgreSQL said). */
export function storeError(err: PgError): Error {
  const state = err.code;
  const keep = (message: string, code: string) => {
    const e = new StoreError(message, code, state);
    e.cause = err;
    return e;
  };
  // A trigger that raised check_violation holds a rule SQLite keeps in a CHECK (balance_after >= 0) or a trigger.
  if (state === '23514' && fromTrigger(err)) return keep(`CHECK constraint failed: ${err.message}`, 'SQLITE_CONSTRAINT_TRIGGER');
  if (state && state.startsWith('23') && fromTrigger(err)) return keep(err.message, 'SQLITE_CONSTRAINT_TRIGGER');
  switch (state) {
    case '23505':
      return keep(`UNIQUE constraint failed: ${uniqueColumns(err)}`, 'SQLITE_CONSTRAINT_UNIQUE');
    case '23514':
      return keep(`CHECK constraint failed: ${err.constraint ?? err.message}`, 'SQLITE_CONSTRAINT_CHECK');
    case '23502':
      return keep(`NOT NULL constraint failed: ${err.table ?? ''}.${err.column ?? ''}`, 'SQLITE_CONSTRAINT_NOTNULL');
    case '23503':
      return keep('FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT_FOREIGNKEY');
    case '42501':
      // Row-level security refused a row of another org.
      return keep(err.message, 'SQLITE_CONSTRAINT_CHECK');
    case '22P02':
    case '22003':
      // A value of the wrong type (1.5 for a BIGINT): SQLite's STRICT tables refuse it as a datatype mismatch.
      return keep(`datatype mismatch: ${err.message}`, 'SQLITE_CONSTRAINT_DATATYPE');
    case '25006':
      return keep(err.message, 'SQLITE_READONLY');
    default:
      return keep(err.message, state ? `PG_${state}` : 'SQLITE_ERROR');
  }
}
