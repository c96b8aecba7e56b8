import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPage } from '../../../main/client/replica/apply-page.js';
import { openReplicaForPull, readReplicaState, replicaFile } from '../../../main/client/replica/replica-store.js';
import { REFERENCE_TABLES, type SyncPage, type SyncRow } from '../../../main/core/team/sync-page.js';
import type { SqliteDb } from '../../../main/core/db/open-database.js';

/** The client's side of the synced replica: applying pulled pages to the replica (docs/server.md, "The synced replica"). */
let dir: string;
let db: SqliteDb;
const AT = new Date('2026-04-06T10:00:00Z');
const SERVER = 'http://127.0.0.1:8787';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replica-apply-'));
  db = openReplicaForPull(dir);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let balance = 0;
function ledgerRow(id: number, seq: number, credits: number, deploymentId: number | null = null): SyncRow {
  const before = balance;
  balance += credits;
  return {
    id,
    seq,
    kind: credits > 0 ? 'adjustment' : 'charge',
    credits,
    balance_before: before,
    balance_after: balance,
    idempotency_key: `k${id}`,
    reference: null,
    deployment_id: deploymentId,
    hour_start: credits > 0 ? null : 3_600_000 * seq,
    at: 1_000 * seq,
    description: '',
  };
}

const deploymentRow = (id: number, state: string): SyncRow => ({
  id,
  name: `d${id}`,
  model: 'llama',
  params_b: 8,
  precision: 'fp16',
  tier: 'S',
  state,
  paused_reason: state === 'paused' ? 'user' : null,
  next_charge_at: state === 'running' ? 7_200_000 : null,
  paid_until: null,
  created_at: 0,
});

function page(p: Partial<SyncPage> & Pick<SyncPage, 'after' | 'cursor'>): SyncPage {
  return {
    orgId: 7,
    head: p.cursor,
    more: false,
    reference: null,
    timeZone: null,
    ...p,
    changes: { ledger_entries: [], deployments: [], alerts: [], ...p.changes },
  };
}

const dump = () => ({
  ledger: db.prepare('SELECT * FROM ledger_entries ORDER BY id').all(),
  deployments: db.prepare('SELECT * FROM deployments ORDER BY id').all(),
  rollup: db.prepare('SELECT * FROM charge_rollup_daily ORDER BY 1, 2').all(),
  state: readReplicaState(db),
});

describe('applying pulled pages to the replica', () => {
  beforeEach(() => {
    balance = 0;
  });

  it('is a private file (0600), and applies a page with its cursor; a charge may arrive before its deployment', () => {
    expect(fs.statSync(replicaFile(dir)).mode & 0o777).toBe(0o600);
    const e1 = ledgerRow(10, 1, 500);
    const e2 = ledgerRow(12, 2, -20, 3);
    applyPage(db, page({ after: 0, cursor: 2, more: true, changes: { ledger_entries: [e1, e2], deployments: [], alerts: [] } }), SERVER, AT);
    applyPage(db, page({ after: 2, cursor: 3, changes: { ledger_entries: [], deployments: [deploymentRow(3, 'running')], alerts: [] } }), SERVER, AT);
    const d = dump();
    expect(d.ledger.map((r) => (r as { id: number }).id)).toEqual([10, 12]);
    expect(d.deployments).toHaveLength(1);
    expect(d.state).toEqual({ server: SERVER, orgId: 7, cursor: 3, ledgerSeq: 2, pulledAt: AT.toISOString() });
  });

  it('is idempotent: the same page again, or a fresh page from an earlier cursor, changes nothing it already holds', () => {
    const rows = [ledgerRow(1, 1, 500), ledgerRow(2, 2, -20, 1)];
    const p = page({ after: 0, cursor: 3, changes: { ledger_entries: rows, deployments: [deploymentRow(1, 'running')], alerts: [] } });
    applyPage(db, p, SERVER, AT);
    const once = dump();
    applyPage(db, p, SERVER, AT);
    expect(dump()).toEqual(once);
    // An earlier cursor with a newer deployment state: the entries are skipped, the deployment takes its newer state.
    applyPage(db, page({ after: 1, cursor: 4, changes: { ledger_entries: rows.slice(1), deployments: [deploymentRow(1, 'paused')], alerts: [] } }), SERVER, AT);
    expect(dump().ledger).toEqual(once.ledger);
    expect((dump().deployments[0] as { state: string }).state).toBe('paused');
    expect(dump().state?.cursor).toBe(4);
  });

  it.each([
    ['a page of another org', page({ orgId: 8, after: 2, cursor: 3 }), 'replica_other_org'],
    ['a page that starts past the cursor', page({ after: 3, cursor: 4 }), /cannot follow the replica's cursor 2/],
    [
      'a ledger entry that skips a position',
      page({ after: 2, cursor: 4, changes: { ledger_entries: [{ ...ledgerRow(9, 4, 5) }], deployments: [], alerts: [] } }),
      /ledger entry 4 does not follow the replica's last entry 2/,
    ],
  ])('refuses %s and changes nothing', (_name, bad, why) => {
    applyPage(
      db,
      page({ after: 0, cursor: 2, changes: { ledger_entries: [ledgerRow(1, 1, 500), ledgerRow(2, 2, 20)], deployments: [], alerts: [] } }),
      SERVER,
      AT,
    );
    const before = dump();
    expect(() => applyPage(db, bad, SERVER, AT)).toThrow(typeof why === 'string' ? expect.objectContaining({ code: why }) : why);
    expect(dump()).toEqual(before);
  });

  it('resumes after a crash from the last whole page', () => {
    applyPage(db, page({ after: 0, cursor: 1, more: true, changes: { ledger_entries: [ledgerRow(1, 1, 500)], deployments: [], alerts: [] } }), SERVER, AT);
    db.close();
    db = openReplicaForPull(dir);
    expect(readReplicaState(db)).toMatchObject({ cursor: 1, ledgerSeq: 1 });
    applyPage(db, page({ after: 1, cursor: 2, changes: { ledger_entries: [ledgerRow(2, 2, -30, 1)], deployments: [], alerts: [] } }), SERVER, AT);
    expect(dump().ledger.map((r) => (r as { balance_after: number }).balance_after)).toEqual([500, 470]);
  });

  it('replaces the reference tables whole and takes the server’s time zone, rebuilding the daily rollup in it', () => {
    const reference = Object.fromEntries(REFERENCE_TABLES.map((t) => [t, [] as SyncRow[]])) as SyncPage['reference'] & object;
    reference.instance_tiers = [{ code: 'S', name: 'Small', memory_gb: 24 }];
    reference.instance_tier_prices = [{ code: 'S', effective_from: 0, credits_per_hour: 90 }];
    applyPage(
      db,
      page({ after: 0, cursor: 1, reference, timeZone: 'Asia/Tokyo', changes: { ledger_entries: [ledgerRow(1, 1, 500)], deployments: [], alerts: [] } }),
      SERVER,
      AT,
    );
    expect(db.prepare('SELECT code FROM instance_tiers').pluck().all()).toEqual(['S']);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'app.timeZone'").pluck().get()).toBe('"Asia/Tokyo"');
    expect(db.prepare('SELECT time_zone FROM rollup_zone').pluck().get()).toBe('Asia/Tokyo');
  });
});
