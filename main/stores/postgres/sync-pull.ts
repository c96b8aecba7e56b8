import { REFERENCE_TABLES, type ReferenceTable, SYNCED_TABLES, type SyncedTable, type SyncPage, type SyncRow } from '../../core/team/sync-page.js';
import { RefusedError } from '../../core/errors.js';
import { systemTimeZone } from '../../core/settings/engine-settings.js';
import { shownUrl } from '../../core/usage/shown-url.js';
import type { SyncConnection } from './sync-connection.js';

/** Columns the wire leaves out: the org is the caller's, and the cursor is the page's. */
const HIDDEN = new Set(['org_id', 'sync_seq']);

/** Each reference table's order (stable, so two pulls of the same data are the same bytes). */
const REFERENCE_ORDER: Record<ReferenceTable, string> = {
  instance_tiers: 'code',
  instance_tier_prices: 'code, effective_from',
  settings: 'key',
  deployment_schedules: 'deployment_id',
  auto_refill: 'id',
  deployment_idle: 'deployment_id',
  payment_cards: 'id',
  usage_scrape_targets: 'deployment_id',
};

/** What a reference table's rows become on the wire besides `strip`: a scrape target's URL as members see it (no password, no query values). */
const SHOWN: Partial<Record<ReferenceTable, (row: SyncRow) => SyncRow>> = {
  usage_scrape_targets: (row) => ({ ...row, url: shownUrl(String(row.url)) }),
};

function strip(row: Record<string, unknown>): SyncRow {
  const out: SyncRow = {};
  for (const [k, v] of Object.entries(row)) if (!HIDDEN.has(k)) out[k] = v as SyncRow[string];
  return out;
}

/**
 * Reads one page of an org's changes after `after` (docs/server.md, "The
 * synced replica"), in one REPEATABLE READ snapshot: every row of the synced
 * tables whose `sync_seq` is above the cursor, oldest change first, at most
 * `limit` rows across the tables, and on the last page every reference table
 * whole. A cursor above the org's head (a replica of another database, or of
 * this one before a restore) is refused with `cursor_ahead`.
 */
export function readSyncPage(conn: SyncConnection, orgId: number, after: number, limit: number): SyncPage {
  return conn.transaction(
    () => {
      const head = conn.get<{ last_sync_seq: number }>('SELECT last_sync_seq FROM ledger_accounts WHERE org_id = $1', [orgId])?.last_sync_seq ?? 0;
      if (after > head)
        throw new RefusedError('cursor_ahead', `the cursor ${after} is past this org's last change ${head}: the replica is not of this server's database`, {
          head,
          orgId,
        });
      // Up to `limit` from each table, merged by seq, the first `limit` kept: the page is a prefix of the org's changes.
      const taken: { table: SyncedTable; seq: number; row: SyncRow }[] = [];
      let full = false;
      for (const table of SYNCED_TABLES) {
        const rows = conn.all<Record<string, unknown>>(`SELECT * FROM ${table} WHERE org_id = $1 AND sync_seq > $2 ORDER BY sync_seq LIMIT $3`, [
          orgId,
          after,
          limit,
        ]);
        full ||= rows.length === limit;
        for (const r of rows) taken.push({ table, seq: r.sync_seq as number, row: strip(r) });
      }
      taken.sort((a, b) => a.seq - b.seq);
      const page = taken.slice(0, limit);
      // Every change up to the head is in this snapshot: when nothing was cut off, the page reaches it.
      const more = full || page.length < taken.length;
      const cursor = more ? page[page.length - 1]!.seq : head;
      const changes = Object.fromEntries(SYNCED_TABLES.map((t) => [t, [] as SyncRow[]])) as Record<SyncedTable, SyncRow[]>;
      for (const c of page) changes[c.table].push(c.row);
      const reference = more
        ? null
        : (Object.fromEntries(
            REFERENCE_TABLES.map((t) => [
              t,
              conn
                .all<Record<string, unknown>>(`SELECT * FROM ${t} WHERE org_id = $1 ORDER BY ${REFERENCE_ORDER[t]}`, [orgId])
                .map((r) => (SHOWN[t] ?? ((x: SyncRow) => x))(strip(r))),
            ]),
          ) as Record<ReferenceTable, SyncRow[]>);
      const zoneRow = reference?.settings.find((s) => s.key === 'app.timeZone');
      const timeZone = reference ? (zoneRow ? (JSON.parse(String(zoneRow.value)) as string) : systemTimeZone()) : null;
      return { orgId, after, cursor, head, more, changes, reference, timeZone };
    },
    { orgId, isolation: 'repeatable read', retries: 0 },
  );
}
