/**
 * The store port: the part of a SQL connection the engine uses. The core
 * reaches its data only through it, so one rule set runs on two stores —
 * better-sqlite3's Database (the desktop) satisfies it as it is, with no
 * wrapper on the hot path, and main/stores/postgres/pg-store.ts implements it
 * over a synchronous PostgreSQL connection (the team server).
 *
 * The SQL the core writes is portable: positional `?` and named `@name`
 * parameters, `INSERT OR IGNORE`, `json_extract(col, '$.a')`, `ifnull`, and
 * otherwise standard SQL both databases read alike (docs/server.md lists what
 * the PostgreSQL store translates). A statement runs in the connection's
 * current transaction; `transaction(fn).immediate()` is the engine's unit of
 * work: on SQLite it takes the write lock first, on PostgreSQL it is one
 * transaction scoped to the org.
 */

/** What a writing statement did: rows changed and the rowid (id) of the last row it inserted. */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Parameters: positional values for `?`, or one object
 * whose keys are the `@name`s (both may be mixed: the object comes first or last).
 * `pluck()` makes get/all return a row's first column, `raw()` a row as an array.
 */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(toggle?: boolean): this;
  raw(toggle?: boolean): this;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as better-sqlite3 declares it, so its Database fits the port
type AnyArgs = (...params: any[]) => unknown;
type ArgumentTypes<F extends AnyArgs> = F extends (...args: infer A) => unknown ? A : never;

/** A function wrapped in a transaction: calling it runs `fn` in one (a savepoint when one is open). */
export interface Transaction<F extends AnyArgs> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  /** Takes the write lock at BEGIN (SQLite's BEGIN IMMEDIATE): the engine's writing transactions. */
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
  deferred(...params: ArgumentTypes<F>): ReturnType<F>;
}

/** A connection to a ledger store (SQLite or PostgreSQL). */
export interface Db {
  prepare(sql: string): Statement;
  transaction<F extends AnyArgs>(fn: F): Transaction<F>;
  /** Runs a script of statements with no parameters. */
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
  readonly open: boolean;
  /** True when nothing can be written (a read-only data folder): the engine settles nothing. */
  readonly readonly: boolean;
  close(): unknown;
}
