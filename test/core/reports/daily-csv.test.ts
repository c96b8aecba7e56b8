import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_COLUMNS } from '../../../main/core/reports/daily-csv.js';
import { parseDateRange } from '../../../main/core/reports/export-range.js';
import { exportReport } from '../../../main/core/reports/export-report.js';
import { buildWorld, dropWorld, readCsv, readCsvRows, type ReportWorld, sql, ZONE } from './report-fixture.js';

let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => dropWorld(w));

/** The expected rows, grouped in the test itself from raw entries by their local date. */
function expectedRows(from: number, to: number): Map<string, { hours: number; credits: number; name: string }> {
  const entries = w.engine.db
    .prepare(
      'SELECT e.at, e.kind, e.credits, e.deployment_id AS dep, d.name FROM ledger_entries e JOIN deployments d ON d.id = e.deployment_id WHERE e.at >= ? AND e.at < ?',
    )
    .all(from, to) as { at: number; kind: string; credits: number; dep: number; name: string }[];
  const map = new Map<string, { hours: number; credits: number; name: string }>();
  for (const e of entries) {
    const key = `${DateTime.fromMillis(e.at, { zone: ZONE }).toISODate()}|${e.dep}`;
    const row = map.get(key) ?? { hours: 0, credits: 0, name: e.name };
    row.hours += e.kind === 'charge' ? 1 : 0;
    row.credits -= e.credits;
    map.set(key, row);
  }
  return map;
}

describe('daily cost CSV', () => {
  it.each([
    ['everything', undefined, undefined],
    ['March', '2026-03', '2026-03'],
    ['the DST day', '2026-03-29', '2026-03-29'],
    ['two days across the month end', '2026-03-31', '2026-04-01'],
  ])('%s: one row per deployment per local day, equal to the ledger', async (_what, from, to) => {
    const range = parseDateRange(from, to, ZONE);
    const r = await exportReport(w.engine, { kind: 'daily', format: 'csv', out: path.join(w.outDir, `daily-${from}.csv`), ...range });
    expect(readCsvRows(r.out)[0]).toEqual([...DAILY_COLUMNS]);
    const records = readCsv(r.out);
    const lo = range.from ?? 0;
    const hi = range.to ?? Number.MAX_SAFE_INTEGER;
    const expected = expectedRows(lo, hi);
    expect(records.length).toBe(expected.size);
    for (const rec of records) {
      const e = expected.get(`${rec.date}|${rec.deployment_id}`);
      expect(e).toBeDefined();
      expect({ name: rec.name, hours: Number(rec.hours), credits: Number(rec.credits) }).toEqual(e);
      expect(Math.round(Number(rec.usd) * 100)).toBe(Number(rec.credits));
    }
    const total = sql(w.engine, 'SELECT COALESCE(-SUM(credits), 0) FROM ledger_entries WHERE deployment_id IS NOT NULL AND at >= ? AND at < ?', lo, hi);
    expect(records.reduce((n, x) => n + Number(x.credits), 0)).toBe(total);
    expect(r.totalCredits).toBe(total);
    expect(r.rows).toBe(records.length);
  });

  it('counts a deployment running all through the spring-forward day as 23 hours', async () => {
    const range = parseDateRange('2026-03-29', '2026-03-29', ZONE);
    const r = await exportReport(w.engine, { kind: 'daily', format: 'csv', out: path.join(w.outDir, 'dst.csv'), ...range });
    const row = readCsv(r.out).find((x) => x.name === 'llama-8b');
    const dayHours = (range.to! - range.from!) / 3_600_000;
    expect(dayHours).toBe(23);
    expect(Number(row?.hours)).toBe(dayHours);
  });
});
