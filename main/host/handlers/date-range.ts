import { z } from 'zod';
import { RefusedError } from '../../core/errors.js';
import { checkRange, parseDateRange } from '../../core/reports/export-range.js';
import { isoToMs } from './schemas.js';

/** A local calendar day as a date input gives it: "2025-03-03". */
export const localDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a local day as YYYY-MM-DD');

/** A range given as instants (`from`/`to`, ISO) or as local days (`fromDate`/`toDate`, both inclusive). */
export interface RangeInput {
  from?: string;
  to?: string;
  fromDate?: string;
  toDate?: string;
}

/**
 * The range in epoch ms. Local days are read in the user's time zone (the
 * Settings one, which every date on screen uses), not the browser's: a filter
 * "from 3 March" then starts where the rows dated 3 March start.
 */
export function rangeFromInput(input: RangeInput, timeZone: string): { from: number | null; to: number | null } {
  const byDay = input.fromDate !== undefined || input.toDate !== undefined;
  if (byDay && (input.from !== undefined || input.to !== undefined)) {
    throw new RefusedError('invalid_option', 'give the range either as instants (from/to) or as local days (fromDate/toDate), not both');
  }
  if (byDay) return parseDateRange(input.fromDate, input.toDate, timeZone);
  const range = { from: input.from === undefined ? null : isoToMs(input.from), to: input.to === undefined ? null : isoToMs(input.to) };
  checkRange(range);
  return range;
}
