import type { Db, RunResult, Statement, Transaction } from '../../core/db/store-port.js';
import { lockOrgBalance } from './ledger-append.js';
import { storeError } from './store-errors.js';
import { type TranslatedSql, translateSql } from './sql-translate.js';
import { PgError, type SyncConnection } from './sync-connection.js';

/** Tables whose rows have a generated `id`: an INSERT into one reports it as `lastInsertRowid`. */
const ID_TABLES = new Set([
  'deployments',
  'deployment_events',
  'ledger_entries',
  'payments',
  'payment_notices',
  'alerts',
  'control_actions',
  'control_attempts',
]);

type Mode = 'rows' | 'pluck' | 'raw';

function isNamedObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** A value as PostgreSQL is sent it: what better-sqlite3 accepts (numbers, strings, bigints, null, buffers). */
function bindValue(v: unknown): unknown {
  if (v === undefined) throw new TypeError('a statement parameter is undefined (bind null instead)');
  if (typeof v === 'boolean') throw new TypeError('SQLite cannot bind booleans: bind 1 or 0');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

class PgStatement implements Statement {
  private mode: Mode = 'rows';

  constructor(
    private readonly store: PgStore,
    private readonly sql: TranslatedSql,
  ) {}

  private values(args: unknown[]): unknown[] {
    const positional: unknown[] = [];
    let named: Record<string, unknown> | null = null;
    for (const a of args) {
      if (Array.isArray(a)) positional.push(...(a as unknown[]));
      else if (isNamedObject(a)) named = a;
      else positional.push(a);
    }
    return this.sql.params.map((p) => {
      if ('index' in p) {
        if (p.index >= positional.length) throw new RangeError('too few parameter values were provided');
        return bindValue(positional[p.index]);
      }
      if (!named || !(p.name in named)) throw new RangeError(`missing named parameter "${p.name}"`);
      return bindValue(named[p.name]);
    });
  }

  run(...args: unknown[]): RunResult {
    // A write outside a transaction still queues on the org's lock first, as every writer does (docs/server.md,
    // "The synced replica"): the sync counter's row is then always locked before the rows it stamps.
    if (!this.store.inTransaction) return this.store.transaction(() => this.runNow(args)).immediate();
    return this.runNow(args);
  }

  private runNow(args: unknown[]): RunResult {
    const idTable = this.sql.insertInto !== null && !this.sql.returning && ID_TABLES.has(this.sql.insertInto);
    const text = idTable ? `${this.sql.text.replace(/;?\s*$/, '')} RETURNING id` : this.sql.text;
    const res = this.store.query(text, this.values(args), false);
    const last = idTable ? (res.rows[res.rows.length - 1] as { id?: number } | undefined) : undefined;
    return { changes: res.rowCount, lastInsertRowid: last?.id ?? 0 };
  }

  get(...args: unknown[]): unknown {
    return this.all(...args)[0];
  }

  all(...args: unknown[]): unknown[] {
    if (this.mode === 'rows') return this.store.query(this.sql.text, this.values(args), false).rows;
    const rows = this.store.query(this.sql.text, this.values(args), true).rows as unknown[][];
    return this.mode === 'pluck' ? rows.map((r) => r[0]) : rows;
  }

  *iterate(...args: unknown[]): IterableIterator<unknown> {
    yield* this.all(...args);
  }

  pluck(toggle = true): this {
    this.mode = toggle ? 'pluck' : this.mode === 'pluck' ? 'rows' : this.mode;
    return this;
  }

  raw(toggle = true): this {
    this.mode = toggle ? 'raw' : this.mode === 'raw' ? 'rows' : this.mode;
    return this;
  }
}

/**
 * The store port (core/db/store-port.ts) on PostgreSQL, for one org: the
 * engine runs on it unchanged. Every statement sees only the org's rows
 * (row-level security on `burnrate.org_id`, set for the session and again
 * in each transaction); the core's SQL is translated once per text
 * (sql-translate.ts); errors are raised as SQLite names them (store-errors.ts).
 * A top-level transaction locks the org's ledger account first (one writer per org, as SQLite's BEGIN IMMEDIATE);
 * a nested one is a savepoint. The store owns its connection: close() ends it.
 */
export class PgStore implements Db {
  readonly readonly = false;
  private readonly translations = new Map<string, TranslatedSql>();
  private closed = false;

  constructor(
    readonly conn: SyncConnection,
    readonly orgId: number,
  ) {
    if (!Number.isSafeInteger(orgId) || orgId < 1) throw new Error(`invalid org id ${String(orgId)}`);
    // Statements outside a transaction (the engine's plain reads) are scoped by the session's setting.
    conn.get("SELECT set_config('burnrate.org_id', $1, false)", [String(orgId)]);
  }

  get open(): boolean {
    return !this.closed;
  }

  get inTransaction(): boolean {
    return this.conn.inTransaction;
  }

  private translate(sql: string): TranslatedSql {
    let t = this.translations.get(sql);
    if (!t) {
      t = translateSql(sql);
      this.translations.set(sql, t);
    }
    return t;
  }

  /** Runs translated SQL, raising PostgreSQL's errors as SQLite's. */
  query(text: string, values: unknown[], arrays: boolean): { rows: unknown[]; rowCount: number } {
    try {
      return arrays ? this.conn.queryArrays(text, values) : this.conn.query(text, values);
    } catch (err) {
      if (!(err instanceof PgError)) throw err;
      // Class 42 (syntax, unknown column, undetermined type) is SQL the store could not translate: name it.
      if (err.code?.startsWith('42')) err.message = `${err.message} (in: ${text})`;
      throw storeError(err);
    }
  }

  prepare(sql: string): Statement {
    return new PgStatement(this, this.translate(sql));
  }

  exec(sql: string): this {
    this.query(this.translate(sql).text, [], false);
    return this;
  }

  transaction<F extends (...params: never[]) => unknown>(fn: F): Transaction<F> {
    type Args = Parameters<F>;
    const run = (...args: Args) => this.runTransaction(() => fn(...args)) as ReturnType<F>;
    return Object.assign(run, { immediate: run, deferred: run, default: run, exclusive: run }) as unknown as Transaction<F>;
  }

  private runTransaction<T>(body: () => T): T {
    if (this.conn.inTransaction) return this.conn.transaction(body);
    try {
      return this.conn.transaction(
        () => {
          // The org's writers queue on its ledger account's row (ledger-append.ts), as on SQLite's write lock.
          lockOrgBalance(this.conn);
          return body();
        },
        // Writers queue on the lock, so nothing is retried: fn may keep in-memory state, as on SQLite.
        { orgId: this.orgId, retries: 0 },
      );
    } catch (err) {
      throw err instanceof PgError ? storeError(err) : err;
    }
  }

  close(): this {
    if (!this.closed) {
      this.closed = true;
      this.conn.close();
    }
    return this;
  }
}
