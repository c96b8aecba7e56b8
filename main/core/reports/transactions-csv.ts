import { exportRowPages } from '../ledger/ledger-queries.js';
import type { Db } from '../db/open-database.js';
import { usdText } from './usd-text.js';
import { streamCsvPages } from './csv-stream.js';
import type { ExportRange } from './export-range.js';
import { localIsoFormatter } from './local-time.js';
import type { ProgressCallback, StreamedTotals } from './report-types.js';

/** Columns of the transactions CSV, in order. */
export const TRANSACTION_COLUMNS = ['date', 'type', 'description', 'credits', 'usd', 'balance_after', 'reference'] as const;

/** Options of the transactions CSV. */
export interface TransactionsCsvOptions {
  range: ExportRange;
  timeZone: string;
  onProgress?: ProgressCallback;
  progressEvery?: number;
}

/**
 * Writes every ledger entry in the range, in ledger order, to `file` as CSV:
 * local ISO-8601 time with offset, kind, description, signed credits, signed
 * USD, balance after, reference. No totals row: the body stays plain data.
 */
export async function writeTransactionsCsv(db: Db, file: string, opts: TransactionsCsvOptions): Promise<StreamedTotals> {
  const format = localIsoFormatter(opts.timeZone);
  let totalCredits = 0;
  function* pages(): Generator<unknown[][]> {
    const filter = { from: opts.range.from ?? undefined, to: opts.range.to ?? undefined };
    for (const page of exportRowPages(db, filter)) {
      // Rewritten in place into the CSV's columns: a million rows, no second array each.
      const out = page as unknown[][];
      for (const row of out) {
        const [, at, kind, description, credits, balanceAfter, reference] = row as [number, number, string, string, number, number, string | null];
        totalCredits += credits;
        row[0] = format(at);
        row[1] = kind;
        row[2] = description;
        row[3] = credits;
        row[4] = usdText(credits);
        row[5] = balanceAfter;
        row[6] = reference ?? '';
      }
      yield out;
    }
  }
  const rowCount = await streamCsvPages(file, pages(), { header: TRANSACTION_COLUMNS, onProgress: opts.onProgress, progressEvery: opts.progressEvery });
  return { rows: rowCount, totalCredits };
}
