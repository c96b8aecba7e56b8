import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ProgressCallback } from './report-types.js';

/** Default number of rows between progress calls. */
export const DEFAULT_PROGRESS_EVERY = 10_000;

/** Options for streaming rows to a CSV file. */
export interface CsvStreamOptions {
  header: readonly string[];
  onProgress?: ProgressCallback;
  progressEvery?: number;
}

/**
 * Streams `rows` (pulled one at a time, so memory stays flat whatever their
 * number) through csv-stringify into `file`, honouring the file stream's
 * backpressure. Returns the number of data rows written.
 */
export async function streamCsv(file: string, rows: Iterable<unknown[]>, opts: CsvStreamOptions): Promise<number> {
  const every = Math.max(1, Math.floor(opts.progressEvery ?? DEFAULT_PROGRESS_EVERY));
  let done = 0;
  function* counted(): Generator<unknown[]> {
    for (const row of rows) {
      yield row;
      done += 1;
      if (opts.onProgress && done % every === 0) opts.onProgress(done);
    }
  }
  await pipeline(
    Readable.from(counted(), { objectMode: true, highWaterMark: 256 }),
    stringify({ header: true, columns: [...opts.header], eof: true }),
    fs.createWriteStream(file, { flags: 'w', highWaterMark: 1 << 16 }),
  );
  opts.onProgress?.(done);
  return done;
}
