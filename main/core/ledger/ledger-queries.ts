import type { Db } from '../db/open-database.js';
import type { EntryKind, LedgerEntry, LedgerRow } from './entry-types.js';
import { rowToEntry } from './entry-types.js';

/** Filters for listing ledger entries; times are epoch ms, `to` exclusive. */
export interface EntryFilter {
  kinds?: readonly EntryKind[];
  from?: number;
  to?: number;
  deploymentId?: number;
  search?: string;
  limit?: number;
  /** Keyset paging: only entries with id below this (newest-first listing). */
  beforeId?: number;
  /** Keyset paging: only entries with id above this (oldest-first pages of an export). */
  afterId?: number;
}

function whereClause(f: EntryFilter): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.kinds && f.kinds.length > 0) {
    parts.push(`kind IN (${f.kinds.map((_, i) => `@k${i}`).join(', ')})`);
    f.kinds.forEach((k, i) => (params[`k${i}`] = k));
  }
  const add = (sql: string, name: string, value: unknown) => {
    if (value === undefined) return;
    parts.push(sql);
    params[name] = value;
  };
  add('at >= @from', 'from', f.from);
  add('at < @to', 'to', f.to);
  add('deployment_id = @dep', 'dep', f.deploymentId);
  add('id < @beforeId', 'beforeId', f.beforeId);
  add('id > @afterId', 'afterId', f.afterId);
  if (f.search) {
    parts.push("(description LIKE @q ESCAPE '\\' OR reference LIKE @q ESCAPE '\\')");
    params.q = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Entries oldest first (for exports and the CLI). */
export function listEntries(db: Db, f: EntryFilter = {}): LedgerEntry[] {
  const w = whereClause(f);
  const limit = f.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(f.limit))}` : '';
  const rows = db.prepare(`SELECT * FROM ledger_entries ${w.sql} ORDER BY id ${limit}`).all(w.params) as LedgerRow[];
  return rows.map(rowToEntry);
}

/** A page of entries newest first, for the transactions table over millions of rows. */
export function pageEntries(db: Db, f: EntryFilter & { limit: number }): LedgerEntry[] {
  const w = whereClause(f);
  const rows = db
    .prepare(`SELECT * FROM ledger_entries ${w.sql} ORDER BY id DESC LIMIT ${Math.max(1, Math.min(1000, Math.floor(f.limit)))}`)
    .all(w.params) as LedgerRow[];
  return rows.map(rowToEntry);
}

/** One entry as the transactions export reads it: id, at, kind, description, credits, balance after, reference. */
type ExportRow = [id: number, at: number, kind: EntryKind, description: string, credits: number, balanceAfter: number, reference: string | null];

/** Rows fetched per page by exportRowPages. */
const EXPORT_PAGE = 5_000;

/**
 * Reads entries oldest first as pages of plain arrays of the exported columns:
 * a million-row export builds no entry objects (`raw()` skips keying each
 * row), and fetches them a page at a time by id, which SQLite and
 * better-sqlite3 serve faster than stepping a cursor row by row. Run it
 * inside one read transaction (the exports' snapshot) for a consistent result.
 */
export function* exportRowPages(db: Db, f: EntryFilter = {}, pageSize = EXPORT_PAGE): Generator<ExportRow[]> {
  // The page's own afterId (bound for each page below) replaces any the caller gave: one statement serves every page.
  const start = f.afterId ?? -1;
  const w = whereClause({ ...f, afterId: start });
  const size = Math.max(1, Math.floor(pageSize));
  const page = db.prepare(`SELECT id, at, kind, description, credits, balance_after, reference FROM ledger_entries ${w.sql} ORDER BY id LIMIT ${size}`).raw();
  for (let afterId = start; ;) {
    const rows = page.all({ ...w.params, afterId }) as ExportRow[];
    if (rows.length === 0) return;
    // Read before handing the page over: the caller may rewrite its rows in place.
    const lastId = rows[rows.length - 1]![0];
    yield rows;
    if (rows.length < size) return;
    afterId = lastId;
  }
}

/** Sum of credits charged (as a positive number) in [from, to). */
export function chargedBetween(db: Db, from: number, to: number): number {
  const v = db.prepare("SELECT COALESCE(-SUM(credits), 0) FROM ledger_entries WHERE kind = 'charge' AND at >= ? AND at < ?").pluck().get(from, to) as number;
  return v;
}

/**
 * Entries dated after `now`: another process (the CLI with a later --now, a
 * machine whose clock ran ahead) wrote them. Null when there are none. Read
 * from the `at` index, so it costs nothing when the ledger is in step.
 */
export function entriesAhead(db: Db, now: number): { count: number; latestAt: number } | null {
  const row = db.prepare('SELECT COUNT(*) AS count, MAX(at) AS latestAt FROM ledger_entries WHERE at > ?').get(now) as {
    count: number;
    latestAt: number | null;
  };
  return row.count > 0 && row.latestAt !== null ? { count: row.count, latestAt: row.latestAt } : null;
}
