import fs from 'node:fs';
import { once } from 'node:events';
import Papa from 'papaparse';
import type { ProgressCallback } from './report-types.js';

/** Default number of rows between progress calls. */
export const DEFAULT_PROGRESS_EVERY = 10_000;

/** Rows quoted per Papa Parse call: per-row stream plumbing cost more than the quoting itself. */
const BATCH_ROWS = 2_000;

/**
 * Text a spreadsheet would run as a formula (CSV injection): a leading `=`,
 * `@`, tab or carriage return, or a `+`/`-` that does not start a plain number
 * ("-3.50" stays a number). Deployment names and coupon codes are user text.
 */
const FORMULA_START = /^(?:[=@\t\r]|[+-](?!\d+(?:\.\d+)?$))/;

/**
 * RFC 4180 text for `rows`, each line ending in a newline; fields are quoted
 * only when they need it, and text that would run as a formula gets a
 * leading apostrophe, as OWASP advises for exports opened in spreadsheets.
 */
export function csvLines(rows: unknown[][]): string {
  return `${Papa.unparse(rows, { newline: '\n', header: false, escapeFormulae: FORMULA_START })}\n`;
}

/** Options for streaming rows to a CSV file. */
export interface CsvStreamOptions {
  header: readonly string[];
  onProgress?: ProgressCallback;
  progressEvery?: number;
}

/**
 * Streams `rows` (pulled a batch at a time, so memory stays flat whatever
 * their number) through Papa Parse's unparser into `file`, waiting for the file
 * stream to drain when it is full. Returns the number of data rows written.
 */
export function streamCsv(file: string, rows: Iterable<unknown[]>, opts: CsvStreamOptions): Promise<number> {
  return streamCsvPages(file, inBatches(rows), opts);
}

function* inBatches(rows: Iterable<unknown[]>): Generator<unknown[][]> {
  let batch: unknown[][] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * As streamCsv, for a source that already reads in pages (a million-row
 * export): one Papa Parse call per page, and no per-row hand-offs between
 * generators, which cost as much as the quoting.
 */
export async function streamCsvPages(file: string, pages: Iterable<unknown[][]>, opts: CsvStreamOptions): Promise<number> {
  const every = Math.max(1, Math.floor(opts.progressEvery ?? DEFAULT_PROGRESS_EVERY));
  const out = fs.createWriteStream(file, { flags: 'w', mode: 0o600, highWaterMark: 1 << 16 });
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => undefined);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  let done = 0;
  let nextProgress = every;
  try {
    await write(csvLines([[...opts.header]]));
    for (const page of pages) {
      if (page.length === 0) continue;
      await write(csvLines(page));
      done += page.length;
      while (opts.onProgress && done >= nextProgress) {
        opts.onProgress(nextProgress);
        nextProgress += every;
      }
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    out.destroy();
    throw err;
  }
  opts.onProgress?.(done);
  return done;
}
