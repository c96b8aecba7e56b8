import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDateRange } from '../../../main/core/reports/export-range.js';
import { exportReport } from '../../../main/core/reports/export-report.js';
import { TRANSACTION_COLUMNS } from '../../../main/core/reports/transactions-csv.js';
import { buildWorld, dropWorld, readCsv, readCsvRows, type ReportWorld, sql, ZONE } from './report-fixture.js';

let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => dropWorld(w));

const out = (name: string) => path.join(w.outDir, name);

describe('transactions CSV', () => {
  it('has exactly the accounting columns and one row per ledger entry, totals equal to SQL sums', async () => {
    const r = await exportReport(w.engine, { kind: 'transactions', format: 'csv', out: out('all.csv') });
    const rows = readCsvRows(r.out);
    expect(rows[0]).toEqual([...TRANSACTION_COLUMNS]);
    const records = readCsv(r.out);
    expect(records.length).toBe(sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries'));
    expect(r.rows).toBe(records.length);
    const sum = records.reduce((n, x) => n + Number(x.credits), 0);
    expect(sum).toBe(sql(w.engine, 'SELECT SUM(credits) FROM ledger_entries'));
    expect(r.totalCredits).toBe(sum);
    expect(Number(records.at(-1)!.balance_after)).toBe(w.engine.ledger.balance());
  });

  it('chains every balance_after, prints USD as signed 2-place decimals, and keeps quoting intact', async () => {
    const records = readCsv((await exportReport(w.engine, { kind: 'transactions', format: 'csv', out: out('chain.csv') })).out);
    const stored = w.engine.db.prepare('SELECT kind, description, reference, credits, balance_after FROM ledger_entries ORDER BY id').all() as Record<
      string,
      unknown
    >[];
    let balance = 0;
    records.forEach((rec, i) => {
      const credits = Number(rec.credits);
      expect(Number.isInteger(credits)).toBe(true);
      balance += credits;
      expect(Number(rec.balance_after)).toBe(balance);
      expect(rec.usd).toMatch(/^-?\d+\.\d{2}$/);
      expect(Math.round(Number(rec.usd) * 100)).toBe(credits);
      expect([rec.type, rec.description, rec.reference]).toEqual([stored[i]!.kind, stored[i]!.description, stored[i]!.reference ?? '']);
    });
    expect(records.some((r) => r.description.includes('"sorry",'))).toBe(true);
  });

  it('dates are ISO-8601 local times with the offset in force, naming the exact stored instant', async () => {
    const records = readCsv((await exportReport(w.engine, { kind: 'transactions', format: 'csv', out: out('dates.csv') })).out);
    const ats = w.engine.db.prepare('SELECT at FROM ledger_entries ORDER BY id').pluck().all() as number[];
    const offsets = new Set<string>();
    records.forEach((rec, i) => {
      const dt = DateTime.fromISO(rec.date, { setZone: true });
      expect(dt.toMillis()).toBe(ats[i]);
      expect(dt.offset).toBe(DateTime.fromMillis(ats[i]!, { zone: ZONE }).offset);
      offsets.add(rec.date.slice(-6));
    });
    expect([...offsets].sort()).toEqual(['+01:00', '+02:00']);
  });

  it.each([
    ['one local day', '2026-03-28', '2026-03-28'],
    ['the DST day (23 hours)', '2026-03-29', '2026-03-29'],
    ['March only', '2026-03', '2026-03'],
    ['April to date', '2026-04-01', undefined],
    ['up to the 29th', undefined, '2026-03-29'],
    ['a day with nothing', '2025-01-01', '2025-01-31'],
  ])('%s: the rows and totals are exactly the entries in those local days', async (_what, from, to) => {
    const range = parseDateRange(from, to, ZONE);
    const r = await exportReport(w.engine, { kind: 'transactions', format: 'csv', out: out(`range-${from}-${to}.csv`), ...range });
    const records = readCsv(r.out);
    const where = 'WHERE at >= ? AND at < ?';
    const bounds = [range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER];
    expect(records.length).toBe(sql(w.engine, `SELECT COUNT(*) FROM ledger_entries ${where}`, ...bounds));
    expect(r.totalCredits).toBe(sql(w.engine, `SELECT COALESCE(SUM(credits), 0) FROM ledger_entries ${where}`, ...bounds));
    expect(records.reduce((n, x) => n + Number(x.credits), 0)).toBe(r.totalCredits);
    for (const rec of records) {
      if (from) expect(rec.date.slice(0, from.length) >= from).toBe(true);
      if (to) expect(rec.date.slice(0, to.length) <= to).toBe(true);
    }
  });

  it.each([1, 7, 50])('reports progress every %i rows and once at the end', async (every) => {
    const calls: number[] = [];
    const r = await exportReport(w.engine, {
      kind: 'transactions',
      format: 'csv',
      out: out(`progress-${every}.csv`),
      progressEvery: every,
      onProgress: (n) => calls.push(n),
    });
    const expected = [...Array.from({ length: Math.floor(r.rows / every) }, (_, i) => (i + 1) * every), r.rows];
    expect(calls).toEqual(expected);
  });

  it('streams from its own snapshot: the engine keeps working mid-export and later entries stay out', async () => {
    const before = sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries');
    let appended = false;
    const r = await exportReport(w.engine, {
      kind: 'transactions',
      format: 'csv',
      out: out('snapshot.csv'),
      progressEvery: 5,
      onProgress: () => {
        if (appended) return;
        appended = true;
        w.engine.db.transaction(() => w.engine.ledger.append({ kind: 'adjustment', credits: 1, idempotencyKey: 'mid-export', at: w.engine.now() }))();
      },
    });
    expect(appended).toBe(true);
    expect(r.rows).toBe(before);
    expect(readCsv(r.out).length).toBe(before);
    expect(fs.readdirSync(w.outDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
