import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { runMigrations } from '../../../main/core/db/migrate.js';
import { ENGINE_MIGRATIONS } from '../../../main/core/db/migrations/index.js';
import { Engine } from '../../../main/core/engine.js';
import { DEFAULT_REFILL, EMPTY_REFILL_STATE, REFILL_BOUNDS, type RefillSettings } from '../../../main/core/payments/refill-settings.js';
import {
  patchRefillState,
  readRefillOwed,
  readRefillSettings,
  readRefillState,
  writeRefillOwed,
  writeRefillSettings,
} from '../../../main/core/payments/refill-store.js';

const BEFORE = ENGINE_MIGRATIONS.filter((m) => m.version < 10);
const dirs: string[] = [];
const engines: Engine[] = [];

afterEach(() => {
  for (const e of engines.splice(0)) e.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A ledger file written by the version before the table: auto-refill's JSON keys in `settings`, as that version stored them. */
function ledgerAtVersion9(values: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-refill-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'burnrate.db'));
  runMigrations(db, BEFORE);
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(values)) put.run(key, JSON.stringify(value));
  db.close();
  return dir;
}

/** Opens the ledger as the app does (every migration runs). */
function open(dir: string): Engine {
  const e = Engine.open({ dataDir: dir, clock: new SimulatedClock(Date.parse('2026-03-02T09:00:00Z')) });
  engines.push(e);
  return e;
}

const SET: RefillSettings = { enabled: true, thresholdCredits: 750, amountCredits: 5_000, cardId: 'pm_pinned', maxPerDay: 5, monthlyLimitCredits: 40_000 };
const STATE = { failures: 2, lastFailureAt: 1_772_000_000_000, needsAction: 'pi_waiting', capNotifiedAt: 1_771_000_000_000, cappedAt: 1_771_500_000_000 };

describe('migration 10 moves auto-refill from settings JSON to its own table', () => {
  it.each([
    ['settings, state and the owed mark', { 'payments.refill': SET, 'payments.refill.state': STATE, 'payments.refill.owed': true }, SET, STATE, true],
    [
      'no monthly limit, the default card',
      { 'payments.refill': { ...SET, cardId: null, monthlyLimitCredits: null } },
      { ...SET, cardId: null, monthlyLimitCredits: null },
      EMPTY_REFILL_STATE,
      false,
    ],
    [
      'a state written before cappedAt existed',
      { 'payments.refill.state': { ...STATE, cappedAt: undefined } },
      DEFAULT_REFILL,
      { ...STATE, cappedAt: null },
      false,
    ],
    [
      'turned off, owed cleared',
      { 'payments.refill': { ...SET, enabled: false }, 'payments.refill.owed': false },
      { ...SET, enabled: false },
      EMPTY_REFILL_STATE,
      false,
    ],
    ['nothing set: the defaults', {}, DEFAULT_REFILL, EMPTY_REFILL_STATE, false],
    // The old reader fell back to the defaults for a value its schema rejected: so does the upgrade, instead of failing to open.
    ['settings the old reader could not read', { 'payments.refill': { ...SET, maxPerDay: 99 } }, DEFAULT_REFILL, EMPTY_REFILL_STATE, false],
    ['a state the old reader could not read', { 'payments.refill.state': { ...STATE, failures: -1 } }, DEFAULT_REFILL, EMPTY_REFILL_STATE, false],
  ])('%s: the upgraded ledger reads what the old one held', (_label, stored, settings, state, owed) => {
    const e = open(ledgerAtVersion9(stored));
    expect(readRefillSettings(e.db)).toEqual(settings);
    expect(readRefillState(e.db)).toEqual(state);
    expect(readRefillOwed(e.db)).toBe(owed);
    expect(e.db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'payments.refill%'").pluck().get()).toBe(0);
  });

  it('keeps the other settings', () => {
    const e = open(ledgerAtVersion9({ 'payments.refill': SET, 'payments.customerId': 'cus_1', 'account.email': 'a@b.example' }));
    expect(e.db.prepare('SELECT key, value FROM settings ORDER BY key').all()).toEqual([
      { key: 'account.email', value: '"a@b.example"' },
      { key: 'payments.customerId', value: '"cus_1"' },
    ]);
  });
});

/** The table's column for each bounded setting. */
const COLUMNS: Record<keyof typeof REFILL_BOUNDS, string> = {
  thresholdCredits: 'threshold_credits',
  amountCredits: 'amount_credits',
  maxPerDay: 'max_per_day',
  monthlyLimitCredits: 'monthly_limit_credits',
};

describe('the bounds have one home: the table holds the same ones', () => {
  const cases = Object.entries(REFILL_BOUNDS).flatMap(([field, b]) => [
    [field, b.min - 1, 'refuses'],
    [field, b.min, 'accepts'],
    [field, b.max, 'accepts'],
    [field, b.max + 1, 'refuses'],
  ]) as [keyof typeof REFILL_BOUNDS, number, 'accepts' | 'refuses'][];

  it.each(cases)('%s = %i: the table %s it, and so does the store', (field, value, verdict) => {
    const ok = verdict === 'accepts';
    const e = open(ledgerAtVersion9({}));
    const raw = () => e.db.prepare(`UPDATE auto_refill SET ${COLUMNS[field]} = ? WHERE id = 1`).run(value);
    if (ok) expect(raw).not.toThrow();
    else expect(raw).toThrow(/CHECK constraint failed/);
    const before = readRefillSettings(e.db);
    const write = () => writeRefillSettings(e.db, { ...DEFAULT_REFILL, [field]: value });
    if (ok) expect(write()[field]).toBe(value);
    else {
      expect(write).toThrow(expect.objectContaining({ code: 'invalid_setting' }));
      expect(readRefillSettings(e.db)).toEqual(before);
    }
  });

  it('keeps state and owed mark apart from the settings', () => {
    const e = open(ledgerAtVersion9({}));
    writeRefillSettings(e.db, SET);
    patchRefillState(e.db, { failures: 1, lastFailureAt: 5 });
    writeRefillOwed(e.db, true);
    expect(readRefillSettings(e.db)).toEqual(SET);
    expect(readRefillState(e.db)).toEqual({ ...EMPTY_REFILL_STATE, failures: 1, lastFailureAt: 5 });
    expect(readRefillOwed(e.db)).toBe(true);
    expect(() => e.db.prepare('INSERT INTO auto_refill (id) VALUES (2)').run()).toThrow(/CHECK constraint failed/);
  });
});
