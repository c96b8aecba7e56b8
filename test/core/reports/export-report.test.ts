import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import { RefusedError } from '../../../main/core/errors.js';
import { exportReport } from '../../../main/core/reports/export-report.js';
import type { ExportRequest } from '../../../main/core/reports/report-types.js';
import { tempDir } from '../../support/engine-fixture.js';
import { buildWorld, dropWorld, filesIn, type ReportWorld, sql } from './report-fixture.js';

let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => dropWorld(w));

const out = (name: string) => path.join(w.outDir, name);
const MARCH = { from: Date.parse('2026-02-28T23:00:00Z'), to: Date.parse('2026-03-31T22:00:00Z') };

describe('exportReport refuses bad input before anything changes', () => {
  it.each<[string, () => Partial<ExportRequest>, string]>([
    ['receipt as CSV', () => ({ kind: 'receipt', format: 'csv', paymentId: 'pi_test_1' }), 'unsupported_format'],
    ['transactions as PDF', () => ({ kind: 'transactions', format: 'pdf' }), 'unsupported_format'],
    ['statement as CSV', () => ({ kind: 'statement', format: 'csv' }), 'unsupported_format'],
    ['an unknown kind', () => ({ kind: 'invoice' as never, format: 'pdf' }), 'unknown_kind'],
    ['an unknown format', () => ({ kind: 'transactions', format: 'xlsx' as never }), 'unknown_format'],
    ['from after to', () => ({ from: MARCH.to, to: MARCH.from }), 'invalid_range'],
    ['an empty range', () => ({ from: MARCH.from, to: MARCH.from }), 'invalid_range'],
    ['a fractional instant', () => ({ from: 1.5 }), 'invalid_date'],
    ['a statement for a month not started', () => ({ kind: 'statement', format: 'pdf', from: Date.parse('2030-01-01T00:00:00Z') }), 'invalid_range'],
    ['--id on a CSV export', () => ({ paymentId: 'pi_test_1' }), 'invalid_option'],
    ['a date range on a receipt', () => ({ kind: 'receipt', format: 'pdf', paymentId: 'pi_test_1', ...MARCH }), 'invalid_option'],
    ['no output file', () => ({ out: '' }), 'missing_out'],
    ['a folder that does not exist', () => ({ out: out('missing/dir/x.csv') }), 'unwritable_path'],
    ['a folder as the output', () => ({ out: w.outDir }), 'unwritable_path'],
    ['a read-only folder', () => ({ out: path.join(readOnlyDir(), 'x.csv') }), 'unwritable_path'],
  ])('%s', async (_what, make, code) => {
    // Move the clock on: an export that went ahead would settle these hours first.
    w.clock.advance(3 * HOUR_MS);
    const entries = sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries');
    const before = filesIn(w.outDir);
    const req = { kind: 'transactions', format: 'csv', out: out('refused.csv'), ...make() } as ExportRequest;
    const err = await exportReport(w.engine, req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe(code);
    expect(sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries')).toBe(entries);
    expect(filesIn(w.outDir)).toEqual(before);
  });
});

let roDir: string | null = null;
function readOnlyDir(): string {
  if (process.getuid?.() === 0) return '/proc';
  roDir ??= tempDir('burnrate-readonly-');
  fs.chmodSync(roDir, 0o500);
  return roDir;
}

describe('exportReport writes whole files or none', () => {
  it('settles due hours before exporting, so the export is current', async () => {
    w.clock.advance(2 * HOUR_MS);
    const before = sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries');
    const r = await exportReport(w.engine, { kind: 'transactions', format: 'csv', out: out('settled.csv') });
    const after = sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries');
    expect(after).toBeGreaterThan(before);
    expect(r.rows).toBe(after);
  });

  it.each(['transactions', 'daily'] as const)('%s: a failure mid-stream leaves neither the file nor a temporary one', async (kind) => {
    const before = filesIn(w.outDir);
    const err = await exportReport(w.engine, {
      kind,
      format: 'csv',
      out: out(`crash-${kind}.csv`),
      progressEvery: 1,
      onProgress: (n) => {
        if (n === 2) throw new Error('disk on fire');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('disk on fire');
    expect(filesIn(w.outDir)).toEqual(before);
  });

  it('replaces an existing file only when the new one is complete', async () => {
    const file = out('replace.csv');
    fs.writeFileSync(file, 'old');
    await exportReport(w.engine, { kind: 'transactions', format: 'csv', out: file, onProgress: () => undefined }).catch(() => undefined);
    expect(fs.readFileSync(file, 'utf8').startsWith('date,type')).toBe(true);
    await exportReport(w.engine, {
      kind: 'transactions',
      format: 'csv',
      out: file,
      progressEvery: 1,
      onProgress: () => {
        throw new Error('stop');
      },
    }).catch(() => undefined);
    expect(fs.readFileSync(file, 'utf8').startsWith('date,type')).toBe(true);
  });
});
