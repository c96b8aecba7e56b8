import { runExportBench } from './export-bench.js';
import type { BenchLedger } from './generate-ledger.js';

/** Export figures from the reports engineer's bench, with its raw-SELECT baseline. */
export interface ExportFigures {
  exportRowsPerSec: number | null;
  exportPeakRssMb: number | null;
  exportBaselineRowsPerSec: number | null;
  exportBaselinePeakRssMb: number | null;
  exportNote: string;
}

/** Runs `runExportBench` (bench/export-bench.ts, owned by reports) on a copy of the generated ledger. */
export async function benchExport(ledger: BenchLedger, dataDir: string): Promise<ExportFigures> {
  const out = await runExportBench({ file: ledger.file, dataDir, rows: ledger.entries });
  return {
    exportRowsPerSec: out.exportRowsPerSec,
    exportPeakRssMb: out.exportPeakRssMb,
    exportBaselineRowsPerSec: out.baselineRowsPerSec,
    exportBaselinePeakRssMb: out.baselinePeakRssMb,
    exportNote: `transactions CSV of ${out.rows.toLocaleString('en-US')} rows`,
  };
}
