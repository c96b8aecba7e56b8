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

function page(p: Partial<Omit<SyncPage, 'changes'>> & Pick<SyncPage, 'after' | 'cursor'> & { changes?: Partial<SyncPage['changes']> }): SyncPage {
  return {
    orgId: 7,
    head: p.cursor,
    more: false,
    reference: null,
    timeZone: null,
    ...p,
    changes: { ledger_entries: [], deployments: [], alerts: [], payments: [], payment_refunds: [], usage_hours: [], ...p.changes },
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

describe('payments, refunds, saved cards and usage in the replica', () => {
  beforeEach(() => {
    balance = 0;
  });

  const payment = (id: number, status: string, entry: number | null): SyncRow => ({
    id,
    idempotency_key: `pay-${id}`,
    kind: 'refill',
    credits: 500,
    card_id: 'pm_1',
    request: '{"backend":"acct_1"}',
    status,
    payment_intent: `pi_${id}`,
    checkout_session: null,
    checkout_url: null,
    failure_code: null,
    failure_message: null,
    card_brand: 'visa',
    card_last4: '4242',
    ledger_entry_id: entry,
    created_at: 1_000,
    updated_at: 2_000,
  });
  const card = (id: string, isDefault: number): SyncRow => ({
    id,
    brand: 'visa',
    last4: id.slice(-4),
    exp_month: 12,
    exp_year: 2030,
    funding: 'credit',
    is_default: isDefault,
    added_at: 0,
  });
  const usage = (hour: number, requests: number): SyncRow => ({ deployment_id: 1, hour_start: hour * 3_600_000, requests, source: 'import', updated_at: 0 });
  const withCards = (cards: SyncRow[]) => {
    const reference = Object.fromEntries(REFERENCE_TABLES.map((t) => [t, [] as SyncRow[]])) as NonNullable<SyncPage['reference']>;
    reference.payment_cards = cards;
    return reference;
  };
  const payments = () => db.prepare('SELECT id, status, ledger_entry_id FROM payments ORDER BY id').all();
  const cards = () => db.prepare('SELECT id, is_default FROM payment_cards ORDER BY id').pluck().all();
  const hours = () => db.prepare('SELECT hour_start / 3600000 AS h, requests FROM usage_hours ORDER BY hour_start').raw().all();

  it('takes each payment and usage hour at its latest state, once; re-applying changes nothing; cards are replaced whole', () => {
    const first = page({
      after: 0,
      cursor: 4,
      reference: withCards([card('pm_1111', 1), card('pm_2222', 0)]),
      changes: { payments: [payment(3, 'pending', null)], usage_hours: [usage(1, 10), usage(2, 0)] },
    });
    applyPage(db, first, SERVER, AT);
    // The refill succeeded (its credit entry came with it), hour 2's count was corrected, a refund arrived, a card was removed.
    const next = page({
      after: 4,
      cursor: 9,
      reference: withCards([card('pm_2222', 1)]),
      changes: {
        ledger_entries: [ledgerRow(1, 1, 500)],
        payments: [payment(3, 'succeeded', 1)],
        payment_refunds: [{ id: 're_1', payment_intent: 'pi_3', credits: 100, debited: 100, ledger_entry_id: null, at: 3_000 }],
        usage_hours: [usage(2, 42)],
      },
    });
    const counted = applyPage(db, next, SERVER, AT);
    expect(counted).toEqual({ ledgerEntries: 1, deployments: 0, alerts: 0, payments: 1, paymentRefunds: 1, usageHours: 1 });
    const held = { payments: payments(), cards: cards(), hours: hours(), refunds: db.prepare('SELECT id FROM payment_refunds').pluck().all() };
    expect(held).toEqual({
      payments: [{ id: 3, status: 'succeeded', ledger_entry_id: 1 }],
      cards: ['pm_2222'],
      hours: [
        [1, 10],
        [2, 42],
      ],
      refunds: ['re_1'],
    });
    applyPage(db, next, SERVER, AT);
    expect({ payments: payments(), cards: cards(), hours: hours(), refunds: db.prepare('SELECT id FROM payment_refunds').pluck().all() }).toEqual(held);
  });

  it('a page from a server that predates these tables leaves them as they are', () => {
    applyPage(db, page({ after: 0, cursor: 2, reference: withCards([card('pm_1111', 1)]), changes: { payments: [payment(1, 'pending', null)] } }), SERVER, AT);
    const old = page({ after: 2, cursor: 3, changes: { deployments: [deploymentRow(1, 'running')] } }) as SyncPage & { changes: Record<string, unknown> };
    for (const t of ['payments', 'payment_refunds', 'usage_hours']) delete old.changes[t];
    const reference = withCards([]) as Record<string, unknown>;
    delete reference.payment_cards;
    applyPage(db, { ...old, reference: reference as NonNullable<SyncPage['reference']> }, SERVER, AT);
    expect([payments(), cards()]).toEqual([[{ id: 1, status: 'pending', ledger_entry_id: null }], ['pm_1111']]);
  });
});
