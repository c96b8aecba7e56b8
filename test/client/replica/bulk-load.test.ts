import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPage } from '../../../main/client/replica/apply-page.js';
import { hasDeferred } from '../../../main/client/replica/bulk-load.js';
import { openReplicaForPull, openReplicaReadOnly } from '../../../main/client/replica/replica-store.js';
import type { SqliteDb } from '../../../main/core/db/open-database.js';
import { REFERENCE_TABLES, type SyncPage, type SyncRow } from '../../../main/core/team/sync-page.js';

/**
 * A first sync (docs/server.md, "First sync"): the ledger's secondary indexes
 * and the daily rollup are built once at the end instead of row by row; the
 * replica it leaves is the same as one filled page by page with them in place.
 */
const AT = new Date('2026-04-06T10:00:00Z');
const SERVER = 'http://127.0.0.1:8787';
const HOUR = 3_600_000;
const dirs: string[] = [];
const open: SqliteDb[] = [];

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function replica(): { dir: string; db: SqliteDb } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replica-bulk-'));
  dirs.push(dir);
  const db = openReplicaForPull(dir);
  open.push(db);
  return { dir, db };
}

/** An org's ledger: an opening credit, then charges of 3 deployments, hour after hour across several days. */
function ledger(n: number): SyncRow[] {
  let balance = 0;
  return Array.from({ length: n }, (_, i) => {
    const seq = i + 1;
    const credits = seq === 1 ? 1_000_000 : -(10 + (seq % 3));
    const before = balance;
    balance += credits;
    const charge = credits < 0;
    const hour = Date.UTC(2026, 3, 1) + Math.floor(seq / 3) * HOUR;
    return {
      id: seq * 2,
      seq,
      kind: charge ? 'charge' : 'adjustment',
      credits,
      balance_before: before,
      balance_after: balance,
      idempotency_key: `k${seq}`,
      reference: charge ? `deployment:${(seq % 3) + 1}` : null,
      deployment_id: charge ? (seq % 3) + 1 : null,
      hour_start: charge ? hour : null,
      at: hour,
      description: '',
    };
  });
}

const reference = (): NonNullable<SyncPage['reference']> =>
  Object.fromEntries(REFERENCE_TABLES.map((t) => [t, [] as SyncRow[]])) as NonNullable<SyncPage['reference']>;

/** The pages of a pull of `rows` at `size` rows a page, the last one with the reference tables and zone. */
function pages(rows: SyncRow[], size: number, timeZone = 'Asia/Tokyo'): SyncPage[] {
  const out: SyncPage[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const more = i + size < rows.length;
    const cursor = Math.min(rows.length, i + size);
    out.push({
      orgId: 7,
      after: i,
      cursor,
      head: rows.length,
      more,
      changes: { ledger_entries: rows.slice(i, i + size), deployments: [], alerts: [], payments: [], payment_refunds: [], usage_hours: [] },
      reference: more ? null : reference(),
      timeZone: more ? null : timeZone,
    });
  }
  return out;
}

/** What the replica's reads depend on: its ledger, rollup and the ledger's indexes and triggers. */
const dump = (db: SqliteDb) => ({
  ledger: db.prepare('SELECT * FROM ledger_entries ORDER BY id').all(),
  rollup: db.prepare('SELECT * FROM charge_rollup_daily ORDER BY 1, 2').all(),
  schema: db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'ledger_entries' ORDER BY name").all(),
});

describe('a first sync into an empty replica', () => {
  it.each([
    ['one page', 1000],
    ['pages of 97 rows', 97],
    ['pages of one row', 1],
  ])('in %s leaves the same ledger, rollup, indexes and triggers as rows applied with every index in place', (_name, size) => {
    const rows = ledger(300);
    const a = replica();
    for (const p of pages(rows, size)) applyPage(a.db, p, SERVER, AT);
    // The reference replica: the same rows, each page applied to a ledger that already has entries (no bulk mode).
    const b = replica();
    applyPage(b.db, pages(rows.slice(0, 1), 1)[0]!, SERVER, AT);
    for (const p of pages(rows, 50).map((p) => ({ ...p, after: Math.max(1, p.after) }))) applyPage(b.db, p, SERVER, AT);
    expect(hasDeferred(a.db)).toBe(false);
    expect(dump(a.db)).toEqual(dump(b.db));
    expect(dump(a.db).rollup.length).toBeGreaterThan(3);
  });

  it('cut short, is refused offline (replica_incomplete) and finished by the next pull', () => {
    const rows = ledger(120);
    const all = pages(rows, 40);
    const { dir, db } = replica();
    applyPage(db, all[0]!, SERVER, AT);
    // The deferred indexes are gone while the first sync runs …
    expect(hasDeferred(db)).toBe(true);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ledger_charge_rollup'").pluck().get()).toBe(0);
    db.close();
    expect(() => openReplicaReadOnly(dir)).toThrow(expect.objectContaining({ code: 'replica_incomplete' }));
    // … and a later pull, from the replica's cursor, resumes in the same mode and builds them at its last page.
    const again = openReplicaForPull(dir);
    open.push(again);
    for (const p of all.slice(1)) applyPage(again, p, SERVER, AT);
    const whole = replica();
    applyPage(whole.db, pages(rows, 1000)[0]!, SERVER, AT);
    expect(dump(again)).toEqual(dump(whole.db));
    again.close();
    openReplicaReadOnly(dir).close();
  });
});
