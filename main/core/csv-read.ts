import Papa from 'papaparse';

/** One CSV record: its fields, trimmed, and the 1-based line it ends on (a quoted field may span lines). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Reads comma-separated text (RFC 4180 quoting) into records, the one CSV
 * reader of the imports: a leading BOM is dropped, fields are trimmed, blank
 * lines (nothing but spaces) are skipped and do not shift the line numbers.
 * A quote left open or malformed throws, naming the line.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let problem: string | null = null;
  let line = 1;
  let counted = 0;
  Papa.parse<string[]>(body, {
    delimiter: ',',
    header: false,
    skipEmptyLines: false,
    step: (result, parser) => {
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      // The cursor is just past the record's line break: the record ends on the line before it.
      const end = Math.min(result.meta.cursor, body.length);
      line += countLineBreaks(body, counted, end);
      counted = end;
      const endLine = /[\r\n]$/.test(body.slice(0, end)) ? line - 1 : line;
      if (quoteError) {
        problem = `${quoteError.message} (line ${endLine})`;
        parser.abort();
        return;
      }
      const fields = result.data.map((f) => f.trim());
      if (fields.length === 1 && fields[0] === '') return;
      records.push({ fields, line: endLine });
    },
  });
  if (problem !== null) throw new Error(problem);
  return records;
}

/** Line breaks (\r\n, \n or \r) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
