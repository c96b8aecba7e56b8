import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLines, streamCsv } from '../../../main/core/reports/csv-stream.js';
import { parseCsv, parseCsvRecords } from '../../support/csv.js';

const roundTrip = (row: unknown[]): string[] => parseCsv(csvLines([row]))[0]!;

describe('CSV lines', () => {
  it.each([
    ['plain text', 'llama-70b', 'llama-70b'],
    ['a comma', 'Hourly charge, llama-70b', 'Hourly charge, llama-70b'],
    ['a quote', 'the "big" one', 'the "big" one'],
    ['a newline', 'two\nlines', 'two\nlines'],
    ['unicode', 'modèle 🚀', 'modèle 🚀'],
    ['a negative amount', '-3.50', '-3.50'],
    ['a positive signed amount', '+12', '+12'],
    ['a formula', '=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['a minus formula', '-2+3', `'-2+3`],
    ['a plus formula', '+cmd|x', `'+cmd|x`],
    ['an at-formula', '@SUM(A1)', `'@SUM(A1)`],
    ['a leading tab', '\t=1', `'\t=1`],
  ])('%s reads back as the text a spreadsheet should show', (_name, field, expected) => {
    expect(roundTrip(['2026-01-01T00:00:00Z', field, -350])).toEqual(['2026-01-01T00:00:00Z', expected, '-350']);
  });
});

describe('streamed CSV files', () => {
  it('writes the header and every row across batches, in order', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-csv-')), 'rows.csv');
    const n = 4_321;
    const written = await streamCsv(
      file,
      (function* () {
        for (let i = 0; i < n; i++) yield [i, `row ${i}`];
      })(),
      { header: ['n', 'text'] },
    );
    const records = parseCsvRecords<'n' | 'text'>(fs.readFileSync(file, 'utf8'));
    expect(written).toBe(n);
    expect(records.length).toBe(n);
    expect(records.every((r, i) => r.n === String(i) && r.text === `row ${i}`)).toBe(true);
  });

  it('passes on a failure of the rows and leaves the stream closed', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-csv-')), 'fail.csv');
    const rows = (function* () {
      yield [1];
      throw new Error('source broke');
    })();
    await expect(streamCsv(file, rows, { header: ['n'] })).rejects.toThrow('source broke');
  });
});
