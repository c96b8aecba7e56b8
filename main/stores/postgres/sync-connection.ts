import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { ClientConfig } from 'pg';

/** A row as the driver returns it: column name → value (BIGINT as an exact number). */
export type Row = Record<string, unknown>;

/** An error PostgreSQL (or the driver) raised, with its SQLSTATE `code` when there is one. */
export class PgError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  constructor(fields: { message: string; code?: string; detail?: string; constraint?: string; table?: string; column?: string }) {
    super(fields.message);
    this.name = 'PgError';
    Object.assign(this, fields);
    this.name = 'PgError';
  }
}

/** SQLSTATEs a transaction is retried on: serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface OpenOptions {
  /**
   * Values as SQLite gives them to the engine (pg-store.ts): NUMERIC (a SUM or
   * AVG of BIGINT) as a number, BOOLEAN as 1 or 0.
   */
  sqliteValues?: boolean;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** The org every row-level-security policy scopes this transaction to (burnrate.org_id). */
  orgId?: number | null;
  isolation?: Isolation;
  /** Tries after the first on a serialization failure or deadlock (default 8). */
  retries?: number;
}

/**
 * The worker file. Beside this module in the sources; beside the bundle in
 * out/cli/ (scripts/build-cli.mjs copies it there).
 */
function workerFile(): string {
  const here = new URL('./sync-worker.mjs', import.meta.url);
  const path = fileURLToPath(here);
  if (!existsSync(path)) throw new Error(`the PostgreSQL worker is missing: ${path}`);
  return path;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** A worker thread (sync-worker.mjs) and the channel to it. */
interface WorkerLink {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/**
 * Threads whose connection was closed cleanly, ready for the next open:
 * starting a thread loads `pg` into a fresh isolate (about 0.2 s of CPU), and
 * a server or a test opens and closes connections all the time.
 */
const idleLinks: WorkerLink[] = [];
const MAX_IDLE_LINKS = 4;

function newLink(): WorkerLink {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerFile(), { workerData: { flag, port: port2 }, transferList: [port2] });
  // The thread must not keep the process alive on its own: close() ends it (or parks it, unref'd).
  worker.unref();
  return { worker, port: port1, flag };
}

/**
 * One PostgreSQL connection with a synchronous API, so the engine's
 * synchronous transactions run unchanged on it: the `pg` driver runs in a
 * worker thread and each call blocks this thread (Atomics.wait) until the
 * worker replies. One call is one round trip; there is no pipelining. Never
 * open two of these in one thread and make one wait on a lock the other holds:
 * the thread is blocked, so neither can go on (use separate processes).
 */
export class SyncConnection {
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private depth = 0;
  private closed = false;
  /** A call once went unanswered: a late reply may still come, so the thread is never handed to another open. */
  private unanswered = false;

  private constructor(private readonly link: WorkerLink) {
    this.port = link.port;
    this.flag = link.flag;
  }

  /** Connects (URL `postgres://user:pass@host:port/db` or a pg ClientConfig), on an idle thread when there is one. */
  static open(urlOrConfig: string | ClientConfig, options: OpenOptions = {}): SyncConnection {
    const config = typeof urlOrConfig === 'string' ? { connectionString: urlOrConfig } : urlOrConfig;
    const conn = new SyncConnection(idleLinks.pop() ?? newLink());
    try {
      conn.call('connect', undefined, undefined, undefined, { config, values: options.sqliteValues === true });
    } catch (err) {
      conn.closed = true;
      void conn.link.worker.terminate();
      throw err;
    }
    return conn;
  }

  private call(
    op: string,
    sql?: string,
    params?: readonly unknown[],
    rowMode?: 'array',
    connect?: { config: ClientConfig; values: boolean },
  ): { rows: Row[]; rowCount: number } {
    if (this.closed) throw new Error('the PostgreSQL connection is closed');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ op, sql, params, rowMode, ...connect });
    Atomics.wait(this.flag, 0, 0);
    type Reply = { ok: true; value: { rows: Row[]; rowCount: number } } | { ok: false; error: ConstructorParameters<typeof PgError>[0] };
    let msg = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    // Woken with nothing to read (seen once in a long soak run): look again for up to a second before giving up.
    for (let i = 0; !msg && i < 20; i++) {
      sleepSync(50);
      msg = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    }
    if (!msg) {
      this.unanswered = true;
      throw new Error('the PostgreSQL worker gave no reply (its thread ended)');
    }
    if (!msg.ok) throw new PgError(msg.error);
    return msg.value;
  }

  /** Runs one statement; `$1, $2 …` are bound to `params`. */
  query(sql: string, params: readonly unknown[] = []): { rows: Row[]; rowCount: number } {
    return this.call('query', sql, params);
  }

  /** Runs one statement; each row is an array of its columns in order (duplicate names kept). */
  queryArrays(sql: string, params: readonly unknown[] = []): { rows: unknown[][]; rowCount: number } {
    return this.call('query', sql, params, 'array') as unknown as { rows: unknown[][]; rowCount: number };
  }

  /** Runs one statement and returns how many rows it changed. */
  run(sql: string, params: readonly unknown[] = []): { rowCount: number } {
    return { rowCount: this.call('query', sql, params).rowCount };
  }

  /** The first row, or undefined. */
  get<T = Row>(sql: string, params: readonly unknown[] = []): T | undefined {
    return this.call('query', sql, params).rows[0] as T | undefined;
  }

  /** Every row. */
  all<T = Row>(sql: string, params: readonly unknown[] = []): T[] {
    return this.call('query', sql, params).rows as T[];
  }

  /** Runs a script of several statements (no parameters). */
  exec(sql: string): void {
    this.call('query', sql);
  }

  /** True inside transaction(). */
  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /**
   * Runs `fn` in a transaction: COMMIT when it returns, ROLLBACK when it
   * throws. Scoped to `orgId` (row-level security) for this transaction only.
   * A serialization failure or deadlock rolls back and runs `fn` again, so
   * `fn` must do nothing but database work. Nested calls are savepoints in
   * the outer transaction (no scope change, no retry of their own).
   */
  transaction<T>(fn: () => T, options: TransactionOptions = {}): T {
    if (this.depth > 0) return this.savepoint(fn, options);
    const retries = options.retries ?? 8;
    for (let attempt = 0; ; attempt++) {
      this.call('query', `BEGIN ISOLATION LEVEL ${(options.isolation ?? 'read committed').toUpperCase()}`);
      this.depth = 1;
      try {
        if (options.orgId != null) this.setOrg(options.orgId);
        const result = fn();
        this.call('query', 'COMMIT');
        return result;
      } catch (err) {
        this.rollbackQuietly();
        if (!(err instanceof PgError && err.code && RETRYABLE.has(err.code)) || attempt >= retries) throw err;
        // Jittered back-off so the writers that collided do not collide again.
        sleepSync(Math.min(200, 2 ** attempt) * (1 + Math.random()));
      } finally {
        this.depth = 0;
      }
    }
  }

  private savepoint<T>(fn: () => T, options: TransactionOptions): T {
    if (options.orgId != null && options.orgId !== this.currentOrg()) {
      throw new Error('a nested transaction cannot change the org scope');
    }
    const name = `sp_${this.depth}`;
    this.call('query', `SAVEPOINT ${name}`);
    this.depth += 1;
    try {
      const result = fn();
      this.call('query', `RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      this.call('query', `ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth -= 1;
    }
  }

  private setOrg(orgId: number): void {
    if (!Number.isSafeInteger(orgId) || orgId < 1) throw new Error(`invalid org id ${String(orgId)}`);
    this.call('query', "SELECT set_config('burnrate.org_id', $1, true)", [String(orgId)]);
  }

  /** The org this transaction is scoped to, or null. */
  currentOrg(): number | null {
    const v = this.get<{ org: string | null }>("SELECT NULLIF(current_setting('burnrate.org_id', true), '') AS org")?.org;
    return v ? Number(v) : null;
  }

  private rollbackQuietly(): void {
    try {
      this.call('query', 'ROLLBACK');
    } catch {
      // The connection broke: the server has rolled back already.
    }
  }

  /**
   * Closes the connection. Its thread waits for the next open (up to four do)
   * unless the close failed, came inside a transaction, or a reply ever went
   * missing (one arriving late would answer the next open's call): then it ends.
   */
  close(): void {
    if (this.closed) return;
    let clean = !this.inTransaction;
    try {
      this.call('close');
    } catch {
      clean = false; // closing a broken connection
    }
    this.closed = true;
    const quiet = receiveMessageOnPort(this.port) === undefined;
    if (clean && quiet && !this.unanswered && idleLinks.length < MAX_IDLE_LINKS) {
      idleLinks.push(this.link);
      return;
    }
    this.port.close();
    void this.link.worker.terminate();
  }
}
