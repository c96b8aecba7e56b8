import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, dropWorld, filesIn, num, pdfText, readCsv, type ReportWorld, sql } from '../../core/reports/report-fixture.js';
import { runCli } from '../../support/run-cli.js';

let w: ReportWorld;
let now = '';
beforeAll(async () => {
  w = await buildWorld();
  now = new Date(w.engine.now()).toISOString();
  // The CLI opens the data dir itself; the world's engine only reads from here on.
});
afterAll(async () => dropWorld(w));

function cli(...args: string[]) {
  return runCli(['--data-dir', w.dataDir, '--now', now, '--json', 'export', ...args]);
}
const out = (name: string) => path.join(w.outDir, name);

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Like `cli`, without blocking, so independent runs overlap. */
function cliAsync(args: string[]): Promise<CliRun> {
  const bin = path.resolve(import.meta.dirname, '../../../bin/burnrate.mjs');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, '--data-dir', w.dataDir, '--now', now, '--json', 'export', ...args],
      { env: { ...process.env, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('burnrate export', () => {
  it('transactions as CSV: JSON {kind, format, out, rows, totalCredits} matching the file and the ledger', () => {
    const r = cli('--kind', 'transactions', '--format', 'csv', '--out', out('tx.csv'));
    expect(r.code).toBe(0);
    const json = r.json as { kind: string; format: string; out: string; rows: number; totalCredits: number };
    expect(json).toMatchObject({ kind: 'transactions', format: 'csv', out: out('tx.csv') });
    const records = readCsv(json.out);
    expect(json.rows).toBe(records.length);
    expect(json.rows).toBe(sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries'));
    expect(json.totalCredits).toBe(sql(w.engine, 'SELECT SUM(credits) FROM ledger_entries'));
    expect(records.reduce((n, x) => n + Number(x.credits), 0)).toBe(json.totalCredits);
  });

  it('daily cost as CSV for local days --from..--to (inclusive)', () => {
    const r = cli('--kind', 'daily', '--format', 'csv', '--from', '2026-03-28', '--to', '2026-03-30', '--out', out('daily.csv'));
    expect(r.code).toBe(0);
    const records = readCsv(out('daily.csv'));
    expect([...new Set(records.map((x) => x.date))].sort()).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    const from = Date.parse('2026-03-27T23:00:00Z');
    const to = Date.parse('2026-03-30T22:00:00Z');
    expect((r.json as { totalCredits: number }).totalCredits).toBe(
      sql(w.engine, 'SELECT -SUM(credits) FROM ledger_entries WHERE deployment_id IS NOT NULL AND at >= ? AND at < ?', from, to),
    );
  });

  it('the March statement as PDF: opening + movements = closing', () => {
    const r = cli('--kind', 'statement', '--format', 'pdf', '--from', '2026-03', '--out', out('march.pdf'));
    expect(r.code).toBe(0);
    const json = r.json as { opening: number; closing: number; totalCredits: number; months: number };
    expect(json.months).toBe(1);
    expect(json.opening + json.totalCredits).toBe(json.closing);
    const text = pdfText(out('march.pdf'));
    expect(text).toContain('March 2026');
    expect(num(/Closing balance\s+([\d,]+)/.exec(text)![1]!)).toBe(json.closing);
  });

  it('a receipt as PDF for a payment id', () => {
    const r = cli('--kind', 'receipt', '--format', 'pdf', '--id', 'pi_test_1', '--out', out('receipt.pdf'));
    expect(r.code).toBe(0);
    const text = pdfText(out('receipt.pdf'));
    expect(text).toContain('pi_test_1');
    expect(text).toContain('$200.00');
    expect(text).toContain('20,000 credits');
  });

  const refusals: [string, string[]][] = [
    ['a receipt as CSV', ['--kind', 'receipt', '--format', 'csv', '--id', 'pi_test_1', '--out', 'OUT']],
    ['an unknown kind', ['--kind', 'invoice', '--format', 'pdf', '--out', 'OUT']],
    ['a bad date', ['--kind', 'transactions', '--format', 'csv', '--from', '2026-02-30', '--out', 'OUT']],
    ['--from after --to', ['--kind', 'daily', '--format', 'csv', '--from', '2026-03-10', '--to', '2026-03-01', '--out', 'OUT']],
    ['no --out', ['--kind', 'transactions', '--format', 'csv']],
    ['an unwritable path', ['--kind', 'transactions', '--format', 'csv', '--out', '/nonexistent-dir/x.csv']],
    ['an unknown payment id', ['--kind', 'receipt', '--format', 'pdf', '--id', 'pi_unknown', '--out', 'OUT']],
  ];
  describe('refusals (run side by side: each is its own process)', () => {
    const results = new Map<string, CliRun>();
    let before: string[] = [];
    beforeAll(async () => {
      before = filesIn(w.outDir);
      const runs = await Promise.all(refusals.map(([what, args]) => cliAsync(args.map((a) => (a === 'OUT' ? out(`refused-${what}.out`) : a)))));
      refusals.forEach(([what], i) => results.set(what, runs[i]!));
    });

    it.each(refusals.map(([what]) => what))('refuses %s with exit 2, one stderr line, a JSON error, and no file', (what) => {
      const r = results.get(what)!;
      expect(r.code).toBe(2);
      expect((JSON.parse(r.stdout) as { error?: { code: string } }).error?.code).toBeTruthy();
      expect(r.stderr).toMatch(/^burnrate: [^\n]+\n$/);
      expect(filesIn(w.outDir)).toEqual(before);
      expect(fs.existsSync('/nonexistent-dir')).toBe(false);
    });
  });
});
