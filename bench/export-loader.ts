import type { BenchLedger } from './generate-ledger.js';

/** Export figures from the reports engineer's bench, when it is present. */
export interface ExportFigures {
  exportRowsPerSec: number | null;
  exportPeakRssMb: number | null;
  exportNote: string;
}

type ExportBench = (opts: { file: string; dataDir?: string; rows?: number }) => Promise<Record<string, unknown>> | Record<string, unknown>;

/**
 * Runs `runExportBench` from bench/export-bench.ts (owned by reports) on the
 * generated ledger. Loaded by a computed path so this bench runs before it lands.
 */
export async function benchExport(ledger: BenchLedger, dataDir: string): Promise<ExportFigures> {
  let run: ExportBench | undefined;
  try {
    const mod = (await import(new URL('./export-bench.js', import.meta.url).href)) as { runExportBench?: ExportBench };
    run = mod.runExportBench;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && !/Cannot find module/.test(String(err))) throw err;
  }
  if (!run) return { exportRowsPerSec: null, exportPeakRssMb: null, exportNote: 'bench/export-bench.ts not present yet' };
  const out = await run({ file: ledger.file, dataDir, rows: ledger.entries });
  const num = (k: string) => (typeof out[k] === 'number' ? (out[k] as number) : null);
  return { exportRowsPerSec: num('exportRowsPerSec') ?? num('rowsPerSec'), exportPeakRssMb: num('exportPeakRssMb') ?? num('peakRssMb'), exportNote: 'runExportBench' };
}
