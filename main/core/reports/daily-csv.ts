import type { Db } from '../db/open-database.js';
import { usdText } from './usd-text.js';
import { streamCsv } from './csv-stream.js';
import { dailyCost } from './daily-cost.js';
import type { ExportRange } from './export-range.js';
import type { ProgressCallback, StreamedTotals } from './report-types.js';

/** Columns of the daily-cost CSV, in order. */
export const DAILY_COLUMNS = ['date', 'deployment_id', 'name', 'hours', 'credits', 'usd'] as const;

/** Options of the daily-cost CSV. */
export interface DailyCsvOptions {
  range: ExportRange;
  timeZone: string;
  onProgress?: ProgressCallback;
  progressEvery?: number;
}

/**
 * Writes one row per deployment per local day with spend: the date, the
 * deployment, hours charged, credits spent and their USD. `totalCredits` is
 * the sum of the credits column (what the deployments cost in the range).
 */
export async function writeDailyCsv(db: Db, file: string, opts: DailyCsvOptions): Promise<StreamedTotals> {
  let totalCredits = 0;
  function* rows(): Generator<unknown[]> {
    for (const r of dailyCost(db, opts.range, opts.timeZone)) {
      totalCredits += r.credits;
      yield [r.date, r.deploymentId, r.name, r.hours, r.credits, usdText(r.credits)];
    }
  }
  const rowCount = await streamCsv(file, rows(), { header: DAILY_COLUMNS, onProgress: opts.onProgress, progressEvery: opts.progressEvery });
  return { rows: rowCount, totalCredits };
}
