// `npm run bench [-- --json] [--runs N] [--catchup-runs N] [--fresh] [--entries N] [--skip-export]`: the figures of
// docs/PERFORMANCE.md, each printed next to a raw-SQLite baseline from the same run.
// `npm run bench -- --server [--json]`: the PostgreSQL store's figures instead (bench/server-bench.ts, docs/server.md).
import { benchCatchUp } from './catch-up-bench.js';
import { benchExport, type ExportFigures } from './export-loader.js';
import { copyLedger, generateLedger } from './generate-ledger.js';
import { ratio, round } from './measure.js';
import { benchStatus } from './status-bench.js';
import fs from 'node:fs';
import os from 'node:os';

interface Args {
  json: boolean;
  runs: number;
  fresh: boolean;
  entries: number;
  skipExport: boolean;
  catchUpRuns: number;
}

function parseArgs(argv: string[]): Args {
  const val = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const entries = Number(val('--entries') ?? 1_000_000);
  const runs = Number(val('--runs') ?? 20);
  if (!Number.isSafeInteger(entries) || entries < 100_000) throw new Error('--entries must be a whole number of at least 100000');
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  const catchUpRuns = Number(val('--catchup-runs') ?? 3);
  if (!Number.isSafeInteger(catchUpRuns) || catchUpRuns < 1) throw new Error('--catchup-runs must be a whole number of at least 1');
  return { json: argv.includes('--json'), runs, fresh: argv.includes('--fresh'), entries, skipExport: argv.includes('--skip-export'), catchUpRuns };
}

/** Progress goes to stderr so `--json` leaves exactly one JSON object on stdout. */
function progress(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--server')) {
    const { runServerBench } = await import('./server-bench.js');
    return runServerBench();
  }
  const args = parseArgs(process.argv.slice(2));
  // 50 deployments charged every hour fill 876,000 rows in 2 years; a smaller ledger uses fewer days.
  const days = Math.min(730, Math.floor((args.entries * 0.876) / (50 * 24)));
  progress(`preparing a ${args.entries.toLocaleString('en-US')}-entry ledger (50 deployments, ${days} days)…`);
  const ledger = generateLedger({ entries: args.entries, deployments: 50, days, fresh: args.fresh, dir: process.env.BURNRATE_BENCH_DIR });
  progress(ledger.cached ? `reusing ${ledger.file}` : `generated in ${Math.round(ledger.generateMs)} ms`);

  progress('status, snapshot and cold start…');
  const s = await benchStatus(ledger, args.runs);
  progress('30-day catch-up…');
  // Disk noise moves single runs by ±50 %: alternate engine and raw runs and take each one's median.
  const pairs = [];
  for (let i = 0; i < args.catchUpRuns; i++) pairs.push(await benchCatchUp(ledger, 30));
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const c = {
    catchUpCharges: pairs[0]!.catchUpCharges,
    catchUp36kMs: mid(pairs.map((p) => p.catchUp36kMs)),
    rawInsert36kMs: mid(pairs.map((p) => p.rawInsert36kMs)),
  };
  let e: ExportFigures = {
    exportRowsPerSec: null,
    exportPeakRssMb: null,
    exportBaselineRowsPerSec: null,
    exportBaselinePeakRssMb: null,
    exportNote: 'skipped (--skip-export)',
  };
  if (!args.skipExport) {
    progress('export…');
    const dir = copyLedger(ledger.file, 'export');
    try {
      e = await benchExport(ledger, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const figures = {
    entries: ledger.entries,
    deployments: ledger.deployments,
    generateMs: round(ledger.generateMs),
    statusMs: round(s.statusMs),
    rawSumScanMs: round(s.rawSumScanMs),
    statusVsRawScan: ratio(s.statusMs, s.rawSumScanMs),
    snapshotMs: round(s.snapshotMs),
    snapshotSource: s.snapshotSource,
    snapshotVsRawScan: ratio(s.snapshotMs, s.rawSumScanMs),
    snapshotRunwayMs: round(s.runwayMs),
    snapshotNyMs: round(s.snapshotNyMs),
    rollupRebuildMs: round(s.rollupRebuildMs),
    catchUpCharges: c.catchUpCharges,
    catchUp36kMs: round(c.catchUp36kMs),
    rawInsert36kMs: round(c.rawInsert36kMs),
    catchUpVsRawInsert: ratio(c.catchUp36kMs, c.rawInsert36kMs),
    exportRowsPerSec: e.exportRowsPerSec === null ? null : round(e.exportRowsPerSec),
    exportPeakRssMb: e.exportPeakRssMb === null ? null : round(e.exportPeakRssMb),
    exportBaselineRowsPerSec: e.exportBaselineRowsPerSec === null ? null : round(e.exportBaselineRowsPerSec),
    exportBaselinePeakRssMb: e.exportBaselinePeakRssMb === null ? null : round(e.exportBaselinePeakRssMb),
    exportVsBaseline: ratio(e.exportRowsPerSec, e.exportBaselineRowsPerSec),
    exportNote: e.exportNote,
    coldStartMs: round(s.coldStartMs),
    rawOpenMs: round(s.rawOpenMs),
    coldStartVsRawOpen: ratio(s.coldStartMs, s.rawOpenMs),
    node: process.version,
    cpus: os.cpus().length,
    at: new Date().toISOString(),
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const rows: [string, string, string, string, string][] = [
    ['status (settle + basicStatus)', `${figures.statusMs} ms`, 'SELECT SUM(credits) scan', `${figures.rawSumScanMs} ms`, `${figures.statusVsRawScan}×`],
    [
      `snapshot (${figures.snapshotSource})`,
      `${figures.snapshotMs} ms`,
      'SELECT SUM(credits) scan',
      `${figures.rawSumScanMs} ms`,
      `${figures.snapshotVsRawScan}× (target ≤ 20 ms)`,
    ],
    ['  of which the runway walk (90-day horizon)', `${figures.snapshotRunwayMs} ms`, '', '', ''],
    [
      'snapshot, zone America/New_York',
      `${figures.snapshotNyMs} ms`,
      'SELECT SUM(credits) scan',
      `${figures.rawSumScanMs} ms`,
      `${ratio(s.snapshotNyMs, s.rawSumScanMs)}× (rollup rebuilt for the zone once: ${figures.rollupRebuildMs} ms)`,
    ],
    [
      `catch-up ${figures.catchUpCharges} charges`,
      `${figures.catchUp36kMs} ms`,
      'raw INSERT, one transaction',
      `${figures.rawInsert36kMs} ms`,
      `${figures.catchUpVsRawInsert}× (target ≤ 3×)`,
    ],
    [
      'cold start (open + migrate check + snapshot)',
      `${figures.coldStartMs} ms`,
      'raw open + last row',
      `${figures.rawOpenMs} ms`,
      `${figures.coldStartVsRawOpen}× (target ≤ 300 ms)`,
    ],
    [
      'export rows/s (' + e.exportNote + ')',
      figures.exportRowsPerSec === null ? '—' : `${figures.exportRowsPerSec} rows/s`,
      'raw SELECT * to lines',
      figures.exportBaselineRowsPerSec === null ? '—' : `${figures.exportBaselineRowsPerSec} rows/s`,
      `${figures.exportVsBaseline ?? '—'}× (target ≥ 200,000 rows/s)`,
    ],
    [
      'export peak RSS',
      figures.exportPeakRssMb === null ? '—' : `${figures.exportPeakRssMb} MB`,
      'raw SELECT * to lines',
      figures.exportBaselinePeakRssMb === null ? '—' : `${figures.exportBaselinePeakRssMb} MB`,
      'target < 300 MB',
    ],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(
    `Burnrate bench — ${figures.entries.toLocaleString('en-US')} entries, ${figures.deployments} deployments, Node ${figures.node}, ${figures.cpus} CPUs`,
  );
  for (const r of rows) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padStart(w[1]!)}   vs ${r[2].padEnd(w[2]!)}  ${r[3].padStart(w[3]!)}   ${r[4]}`);
}

await main();
