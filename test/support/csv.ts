import Papa from 'papaparse';

/** Parses CSV text exactly (no trimming, quotes honoured) into rows; a malformed file throws. */
export function parseCsv(text: string): string[][] {
  const r = Papa.parse<string[]>(text, { delimiter: ',', header: false });
  if (r.errors.length > 0) throw new Error(`malformed CSV: ${r.errors[0]!.message} (row ${r.errors[0]!.row})`);
  const rows = r.data;
  // The line break that ends the last record makes no record of its own.
  if (/\r?\n$/.test(text) && rows.length > 0 && rows.at(-1)!.length === 1 && rows.at(-1)![0] === '') rows.pop();
  return rows;
}

/** Parses CSV text into records keyed by its header line. */
export function parseCsvRecords<K extends string = string>(text: string): Record<K, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((values) => Object.fromEntries(header.map((h, i) => [h, values[i]!])) as Record<K, string>);
}
