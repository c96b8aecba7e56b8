import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SimulatedClock } from '../main/core/clock.js';
import { Engine } from '../main/core/engine.js';
import { exportReport } from '../main/core/reports/export-report.js';
import { copyLedger, generateLedger } from './generate-ledger.js';

/** Where the ledger to export comes from: a data dir holding burnrate.db, or a ledger file to copy. */
export interface ExportBenchOptions {
  dataDir?: string;
  file?: string;
  /** Entries to generate when neither is given (default 1,000,000). */
  rows?: number;
}

/** The export's throughput and peak memory, with a raw-SQL baseline measured in the same run. */
export interface ExportBenchResult {
  exportRowsPerSec: number;
  exportPeakRssMb: number;
  baselineRowsPerSec: number;
  baselinePeakRssMb: number;
  rows: number;
  exportMs: number;
  baselineMs: number;
}

interface ChildFigures {
  rows: number;
  ms: number;
  peakRssMb: number;
}

const SELF = fileURLToPath(import.meta.url);

/**
 * Exports the whole ledger as the transactions CSV (`exportReport`, streamed
 * through Papa Parse) and, as the baseline, iterates `SELECT *` writing
 * naively joined lines; each runs in its own child process so its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own.
 */
export async function runExportBench(opts: ExportBenchOptions = {}): Promise<ExportBenchResult> {
  let dataDir = opts.dataDir;
  let cleanup: string | null = null;
  if (!dataDir || !fs.existsSync(path.join(dataDir, 'burnrate.db'))) {
    const entries = opts.rows ?? 1_000_000;
    // 50 deployments charged hourly; refills make up the rest (as bench/run.ts sizes it).
    const days = Math.min(730, Math.floor((entries * 0.876) / (50 * 24)));
    const file = opts.file ?? generateLedger({ entries, deployments: 50, days }).file;
    dataDir = copyLedger(file, 'export-bench');
    cleanup = dataDir;
  }
  try {
    const exp = await runChild('export', dataDir);
    const base = await runChild('baseline', dataDir);
    return {
      exportRowsPerSec: Math.round(exp.rows / (exp.ms / 1000)),
      exportPeakRssMb: exp.peakRssMb,
      baselineRowsPerSec: Math.round(base.rows / (base.ms / 1000)),
      baselinePeakRssMb: base.peakRssMb,
      rows: exp.rows,
      exportMs: Math.round(exp.ms),
      baselineMs: Math.round(base.ms),
    };
  } finally {
    if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
  }
}

function runChild(mode: 'export' | 'baseline', dataDir: string): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SELF, `--child=${mode}`, dataDir], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${mode} child failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildFigures);
    });
  });
}

/** The last instant in the ledger: a clock there finds nothing due, so the export only reads. */
function lastInstant(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'burnrate.db'), { readonly: true });
  try {
    return db.prepare('SELECT MAX(at) FROM ledger_entries').pluck().get() as number;
  } finally {
    db.close();
  }
}

async function childExport(dataDir: string): Promise<ChildFigures> {
  const engine = Engine.open({ dataDir, clock: new SimulatedClock(lastInstant(dataDir)) });
  const out = path.join(dataDir, 'transactions.csv');
  const t = performance.now();
  const r = await exportReport(engine, { kind: 'transactions', format: 'csv', out });
  const ms = performance.now() - t;
  engine.close();
  fs.rmSync(out, { force: true });
  return { rows: r.rows, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function childBaseline(dataDir: string): Promise<ChildFigures> {
  const db = new Database(path.join(dataDir, 'burnrate.db'), { readonly: true });
  const out = path.join(dataDir, 'baseline.txt');
  const t = performance.now();
  const fd = fs.openSync(out, 'w');
  let rows = 0;
  let chunk = '';
  for (const row of db.prepare('SELECT * FROM ledger_entries ORDER BY id').iterate() as IterableIterator<Record<string, unknown>>) {
    chunk += `${Object.values(row).join(',')}\n`;
    rows++;
    if (chunk.length > 65_536) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  const ms = performance.now() - t;
  db.close();
  fs.rmSync(out, { force: true });
  return { rows, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function main(argv: string[]): Promise<void> {
  const child = argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
  if (child) {
    const dataDir = argv[argv.length - 1]!;
    const figures = child === 'export' ? await childExport(dataDir) : await childBaseline(dataDir);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const rowsArg = argv.find((a) => a.startsWith('--rows='));
  const r = await runExportBench({ rows: rowsArg ? Number(rowsArg.slice('--rows='.length)) : undefined });
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  else {
    process.stdout.write(
      [
        `transactions CSV export of ${r.rows.toLocaleString('en-US')} entries`,
        `  export    ${r.exportRowsPerSec.toLocaleString('en-US')} rows/s  (${r.exportMs} ms)  peak RSS ${r.exportPeakRssMb.toFixed(0)} MB   target ≥ 200,000 rows/s, < 300 MB`,
        `  baseline  ${r.baselineRowsPerSec.toLocaleString('en-US')} rows/s  (${r.baselineMs} ms)  peak RSS ${r.baselinePeakRssMb.toFixed(0)} MB   raw SELECT * to naive joined lines`,
      ].join('\n') + '\n',
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main(process.argv.slice(2));
