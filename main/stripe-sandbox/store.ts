/** The sandbox's own SQLite database: schema, migrations and generic object storage. */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, preparePrivateDbFile } from '../core/db/private-files.js';
import { sqliteOptions } from '../core/db/sqlite-options.js';
import { noSuch } from './errors.js';
import type { JsonObject } from './types.js';

/**
 * Every Stripe object lives in one table as JSON plus the few columns the
 * sandbox filters on; this keeps listing, pagination and `expand` generic.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE objects (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     created INTEGER NOT NULL,
     customer TEXT,
     ref TEXT,
     status TEXT,
     data TEXT NOT NULL
   ) STRICT;
   CREATE INDEX objects_by_kind ON objects(kind, created, seq);
   CREATE INDEX objects_by_customer ON objects(customer, kind);
   CREATE INDEX objects_by_ref ON objects(ref, kind);
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL,
     created INTEGER NOT NULL,
     data TEXT NOT NULL
   ) STRICT;
   CREATE INDEX events_by_created ON events(created, seq);
   CREATE TABLE idempotency_keys (
     key TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     status INTEGER NOT NULL,
     body TEXT NOT NULL,
     request_id TEXT NOT NULL,
     created INTEGER NOT NULL
   ) STRICT;`,
  // Webhook endpoints and one delivery row per (event, endpoint): the queue survives a restart,
  // and events written by another process on the file (\`sandbox pay\`) are delivered by the one serving it.
  `CREATE TABLE webhook_endpoints (
     id TEXT PRIMARY KEY,
     url TEXT NOT NULL UNIQUE,
     secret TEXT NOT NULL CHECK (secret LIKE 'whsec_%'),
     created INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE webhook_deliveries (
     event_id TEXT NOT NULL REFERENCES events(id),
     endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
     state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
     next_at INTEGER NOT NULL,
     last_status INTEGER,
     last_error TEXT,
     PRIMARY KEY (event_id, endpoint_id)
   ) STRICT;
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_at);`,
];

/** Columns the sandbox filters lists on, kept next to the JSON. */
export interface IndexColumns {
  customer?: string | null;
  ref?: string | null;
  status?: string | null;
}

/** An object as stored: its JSON plus where it sits in list order. */
export interface StoredObject<T extends JsonObject = JsonObject> {
  seq: number;
  created: number;
  object: T;
}

interface Row {
  seq: number;
  created: number;
  data: string;
}

/** A file given as the sandbox's database that is something else (the ledger, a text file): refused, never written. */
export class NotASandboxFileError extends Error {
  constructor(readonly file: string) {
    super(`${file} is not a Stripe sandbox database (it holds other data): nothing was changed`);
    this.name = 'NotASandboxFileError';
  }
}

/** The tables in `db`, or null when the file is not an SQLite database at all. */
function tablesOf(db: Database.Database): string[] | null {
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch {
    return null;
  }
}

/** True when `file` exists and holds a sandbox database (its objects table), read without changing it. */
export function isSandboxFile(file: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
  } catch {
    return false;
  }
  try {
    return tablesOf(db)?.includes('objects') ?? false;
  } finally {
    db.close();
  }
}

/** Typed access to the sandbox database. */
export class Store {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') {
      // Owner-only, like the ledger: the sandbox holds the account's customers and payments.
      ensurePrivateDir(dirname(file));
      // Only a file made here: a --db naming someone else's file is not ours to change (it is refused below).
      if (!existsSync(file)) preparePrivateDbFile(file);
    }
    this.db = new Database(file, sqliteOptions());
    // A new or empty file becomes a sandbox; one holding anything else (the ledger itself) is left alone.
    const tables = tablesOf(this.db);
    if (tables === null || (tables.length > 0 && !tables.includes('objects'))) {
      this.db.close();
      throw new NotASandboxFileError(file);
    }
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    // FULL: a "dropped response" fault must leave a committed operation behind, even across a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    const done = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (done.has(version)) return;
      this.tx(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
      });
    });
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn).immediate();
  }

  /** Stores a new object; `kind` is its Stripe `object` name. */
  insert<T extends JsonObject>(kind: string, obj: T, cols: IndexColumns = {}): T {
    this.db
      .prepare('INSERT INTO objects (id, kind, created, customer, ref, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(obj.id, kind, obj.created, cols.customer ?? null, cols.ref ?? null, cols.status ?? null, JSON.stringify(obj));
    return obj;
  }

  /** Replaces a stored object's JSON and index columns. */
  update<T extends JsonObject>(obj: T, cols: IndexColumns = {}): T {
    this.db
      .prepare('UPDATE objects SET customer = ?, ref = ?, status = ?, data = ? WHERE id = ?')
      .run(cols.customer ?? null, cols.ref ?? null, cols.status ?? null, JSON.stringify(obj), obj.id);
    return obj;
  }

  /** Any stored object by id, whatever its kind (used by `expand`). */
  find(id: string): JsonObject | undefined {
    const data = this.db.prepare('SELECT data FROM objects WHERE id = ?').pluck().get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as JsonObject);
  }

  /** An object of the given kind by id, or undefined. */
  get<T extends JsonObject>(kind: string, id: string): T | undefined {
    const data = this.db.prepare('SELECT data FROM objects WHERE id = ? AND kind = ?').pluck().get(id, kind) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  /** An object of the given kind, or Stripe's "No such …" error (400 with `param` when named by a parameter). */
  require<T extends JsonObject>(kind: string, id: string, what: string, param?: string): T {
    const found = this.get<T>(kind, id);
    if (!found) throw noSuch(what, id, param);
    return found;
  }

  /** Objects of one kind matching an index column, oldest first. */
  where<T extends JsonObject>(kind: string, column: 'customer' | 'ref' | 'status', value: string): T[] {
    const rows = this.db.prepare(`SELECT data FROM objects WHERE kind = ? AND ${column} = ? ORDER BY created, seq`).pluck().all(kind, value) as string[];
    return rows.map((d) => JSON.parse(d) as T);
  }

  /** Runs a list query built by list-params and decodes the rows. */
  rows<T extends JsonObject>(sql: string, args: (string | number)[]): StoredObject<T>[] {
    const rows = this.db.prepare(sql).all(...args) as Row[];
    return rows.map((r) => ({ seq: r.seq, created: r.created, object: JSON.parse(r.data) as T }));
  }

  /** Saves sandbox-only data about an object (never returned by the API), e.g. Checkout's payment_intent_data. */
  setPrivate(ownerId: string, created: number, data: JsonObject): void {
    this.db
      .prepare("INSERT INTO objects (id, kind, created, ref, data) VALUES (?, 'sandbox.private', ?, ?, ?)")
      .run(`private:${ownerId}`, created, ownerId, JSON.stringify(data));
  }

  /** Sandbox-only data saved with setPrivate. */
  getPrivate(ownerId: string): JsonObject | undefined {
    return this.get('sandbox.private', `private:${ownerId}`);
  }

  /** Closes the database file. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
