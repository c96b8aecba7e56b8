import type { SqliteDb } from '../../core/db/open-database.js';
import { rebuildChargeRollup } from '../../core/ledger/charge-rollup.js';

/**
 * A first sync writes the org's whole ledger into an empty replica. Kept up
 * row by row, the ledger's secondary indexes and the daily charge rollup cost
 * about five sixths of that write (measured, docs/server.md "First sync"), so
 * they are dropped while it runs and built once at its end, by a sort and one
 * GROUP BY. The chain trigger and the unique keys stay: every row is still
 * checked as it arrives. What was dropped is recorded in `replica_deferred`
 * in the same transaction, so a first sync cut short resumes in the same
 * mode and builds them when its last page arrives; until then the replica is
 * incomplete and offline reads refuse it (replicaIncomplete).
 */

/** The rollup trigger: the one trigger deferred (the chain trigger is never dropped). */
const ROLLUP_TRIGGER = 'ledger_charge_rollup';

function ensureTable(db: SqliteDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS replica_deferred (name TEXT PRIMARY KEY, sql TEXT NOT NULL) STRICT');
}

/** True when a bulk load has dropped indexes it has not built again yet. */
export function hasDeferred(db: SqliteDb): boolean {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'replica_deferred'").get();
  return table !== undefined && db.prepare('SELECT 1 FROM replica_deferred LIMIT 1').get() !== undefined;
}

/**
 * Drops the ledger's non-unique indexes and the rollup trigger, recording
 * their SQL. Call in the transaction that applies a first sync's first page.
 */
export function deferLedgerIndexes(db: SqliteDb): void {
  ensureTable(db);
  const objects = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'ledger_entries' AND sql IS NOT NULL
       AND ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND name = ?)) ORDER BY name`,
    )
    .all(ROLLUP_TRIGGER) as { type: 'index' | 'trigger'; name: string; sql: string }[];
  const record = db.prepare('INSERT INTO replica_deferred (name, sql) VALUES (?, ?)');
  for (const o of objects) {
    record.run(o.name, o.sql);
    db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} ${o.name}`);
  }
}

/**
 * Builds again what deferLedgerIndexes dropped, and the rollup from the whole
 * ledger. Call in the transaction that applies the last page (after the
 * org's time zone is set, so the rollup's days are the org's).
 */
export function restoreDeferred(db: SqliteDb): void {
  if (!hasDeferred(db)) return;
  const rows = db.prepare('SELECT name, sql FROM replica_deferred ORDER BY name').all() as { name: string; sql: string }[];
  for (const r of rows) db.exec(r.sql);
  db.prepare('DELETE FROM replica_deferred').run();
  if (rows.some((r) => r.name === ROLLUP_TRIGGER)) rebuildChargeRollup(db);
}
