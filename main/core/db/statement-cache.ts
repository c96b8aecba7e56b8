import type { Db, Statement } from './store-port.js';

type Mode = 'rows' | 'pluck' | 'raw';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * The connection's prepared statement for `sql` in `mode`, prepared on first
 * use. Preparing costs more than running a small query, and the settle loop
 * reads the same settings, cursors and schedules after every step. Each mode
 * has its own statement, so one caller's `pluck` never leaks into another's.
 * Not for iterated statements (one iteration at a time per statement) nor for
 * SQL that embeds values (the cache would grow with them).
 */
export function cachedStatement(db: Db, sql: string, mode: Mode = 'rows'): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${mode}\u0000${sql}`;
  let stmt = cache.get(key);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (mode === 'pluck') stmt.pluck();
    else if (mode === 'raw') stmt.raw();
    cache.set(key, stmt);
  }
  return stmt;
}
