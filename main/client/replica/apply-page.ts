import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../../core/db/open-database.js';
import { RefusedError } from '../../core/errors.js';
import { ensureChargeRollupZone } from '../../core/ledger/charge-rollup.js';
import { SettingsStore } from '../../core/settings/settings-store.js';
import { setUserTimeZone, userTimeZone } from '../../core/settings/engine-settings.js';
import { REFERENCE_TABLES, SYNCED_TABLES, type SyncedTable, type SyncPage, type SyncRow } from '../../core/team/sync-page.js';
import { deferLedgerIndexes, hasDeferred, restoreDeferred } from './bulk-load.js';
import { readReplicaState } from './replica-store.js';

/** How many rows of each kind one page brought in (ledger entries already held are not counted). */
export interface AppliedPage {
  ledgerEntries: number;
  deployments: number;
  alerts: number;
  /** Purchases, refills and Checkout payments, each at its latest state. */
  payments: number;
  paymentRefunds: number;
  usageHours: number;
}

/** The synced tables besides the ledger: each row is replaced by its state in the page (its key is the server's). */
const REPLACED: readonly Exclude<SyncedTable, 'ledger_entries'>[] = SYNCED_TABLES.filter((t) => t !== 'ledger_entries');

/** A synced table's rows in the page; none when the page does not name it (a server that predates the table). */
function changed(page: SyncPage, table: SyncedTable): SyncRow[] {
  return (page.changes as Partial<SyncPage['changes']>)[table] ?? [];
}

/** The refusal of a page of another org than the replica's: each org needs its own data folder. */
export function otherOrg(replicaOrg: number, tokenOrg: unknown): RefusedError {
  return new RefusedError(
    'replica_other_org',
    `the data folder holds the replica of org ${replicaOrg}, and this token is of org ${String(tokenOrg)}: use another --data-dir for each org`,
  );
}

/** One prepared write per (verb, table, columns): a first sync writes a million rows of a few shapes. */
type WriteCache = Map<string, { cols: string[]; stmt: Statement }>;

/** The replica's columns of `table` (its own schema decides what of a server row it keeps). */
function columnsOf(db: SqliteDb, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/** Writes one server row into `table` (`verb` INSERT or INSERT OR REPLACE), keeping the replica's columns the row has. */
function writeRow(db: SqliteDb, verb: string, table: string, row: SyncRow, cache: WriteCache): void {
  const shape = `${verb}|${table}|${Object.keys(row).join(',')}`;
  let w = cache.get(shape);
  if (!w) {
    const cols = columnsOf(db, table).filter((c) => Object.hasOwn(row, c));
    w = { cols, stmt: db.prepare(`${verb} INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`) };
    cache.set(shape, w);
  }
  w.stmt.run(w.cols.map((c) => row[c]));
}

/**
 * Applies one pulled page to the replica in one transaction, with the new
 * cursor, so a crash leaves the replica at the last whole page and the next
 * pull resumes from there. Idempotent: a ledger entry already held (its chain
 * position at or below the replica's) is skipped, the other synced rows
 * (deployments, alerts, payments, refunds, usage hours) are replaced by their
 * state in the page (a page read later is never older), and reference tables
 * are replaced whole. A table the page does not name (a server that predates
 * it) is left as it is. Refused: a page of another org (the
 * data folder holds another org's replica), a page that starts past the
 * replica's cursor (changes would be missed), and a ledger entry that does
 * not follow the replica's last one.
 */
export function applyPage(db: SqliteDb, page: SyncPage, server: string, at: Date): AppliedPage {
  const cache: WriteCache = new Map();
  return db
    .transaction((): AppliedPage => {
      const state = readReplicaState(db);
      if (state && state.orgId !== page.orgId) throw otherOrg(state.orgId, page.orgId);
      const cursor = state?.cursor ?? 0;
      if (page.after > cursor) throw new Error(`a sync page after ${page.after} cannot follow the replica's cursor ${cursor}: changes would be missed`);
      let ledgerSeq = state?.ledgerSeq ?? 0;
      let ledgerEntries = 0;
      // A first sync with more pages to come: build the ledger's secondary indexes once at its end (bulk-load.ts).
      if (ledgerSeq === 0 && page.more && page.changes.ledger_entries.length > 0 && !hasDeferred(db)) deferLedgerIndexes(db);
      for (const e of page.changes.ledger_entries) {
        const seq = Number(e.seq);
        if (seq <= ledgerSeq) continue;
        if (seq !== ledgerSeq + 1) throw new Error(`ledger entry ${seq} does not follow the replica's last entry ${ledgerSeq}`);
        writeRow(db, 'INSERT', 'ledger_entries', e, cache);
        ledgerSeq = seq;
        ledgerEntries++;
      }
      for (const table of REPLACED) for (const r of changed(page, table)) writeRow(db, 'INSERT OR REPLACE', table, r, cache);
      if (page.reference) {
        for (const table of REFERENCE_TABLES) {
          const rows = (page.reference as Partial<NonNullable<SyncPage['reference']>>)[table];
          if (!rows) continue;
          db.prepare(`DELETE FROM ${table}`).run();
          for (const r of rows) writeRow(db, 'INSERT', table, r, cache);
        }
        // The zone the server's figures use, so the replica's days and months are the same ones.
        if (page.timeZone) setUserTimeZone(new SettingsStore(db), page.timeZone);
        // Month and day figures read the daily rollup in the org's zone: rebuild it now, while the replica is writable.
        ensureChargeRollupZone(db, userTimeZone(new SettingsStore(db)));
      }
      if (!page.more) restoreDeferred(db);
      db.prepare(
        `INSERT INTO replica_state (id, server, org_id, cursor, ledger_seq, pulled_at) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET server = excluded.server, org_id = excluded.org_id, cursor = excluded.cursor,
           ledger_seq = excluded.ledger_seq, pulled_at = excluded.pulled_at`,
      ).run(server, page.orgId, Math.max(cursor, page.cursor), ledgerSeq, at.toISOString());
      const count = (t: SyncedTable) => changed(page, t).length;
      return {
        ledgerEntries,
        deployments: count('deployments'),
        alerts: count('alerts'),
        payments: count('payments'),
        paymentRefunds: count('payment_refunds'),
        usageHours: count('usage_hours'),
      };
    })
    .immediate();
}
