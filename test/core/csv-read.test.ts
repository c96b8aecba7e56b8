import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../main/core/csv-read.js';

describe('readCsvRecords: the one CSV reader of the imports', () => {
  it.each([
    [
      'plain lines',
      'a,b\n1,2\n',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
      ],
    ],
    [
      'CRLF line ends, a blank line, no final line end',
      'a,b\r\n1,2\r\n\r\n3,4',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
        [['3', '4'], 4],
      ],
    ],
    [
      'old Mac line ends',
      'a,b\r1,2\r3,4',
      [
        [['a', 'b'], 1],
        [['1', '2'], 2],
        [['3', '4'], 3],
      ],
    ],
    [
      'a leading BOM',
      '\uFEFFcode,credits\nX,5',
      [
        [['code', 'credits'], 1],
        [['X', '5'], 2],
      ],
    ],
    [
      'blank and all-space lines skipped without shifting line numbers',
      'a,b\n\n\n1,2\n   \n3',
      [
        [['a', 'b'], 1],
        [['1', '2'], 4],
        [['3'], 6],
      ],
    ],
    [
      'a quoted field over two lines ends on the second',
      'a,b\n"x\ny",2\n5,6',
      [
        [['a', 'b'], 1],
        [['x\ny', '2'], 3],
        [['5', '6'], 4],
      ],
    ],
    [
      'fields trimmed around the commas',
      ' a , b \n"x" ,2',
      [
        [['a', 'b'], 1],
        [['x', '2'], 2],
      ],
    ],
    [
      'a doubled quote inside quotes',
      'a\n"a""b"',
      [
        [['a'], 1],
        [['a"b'], 2],
      ],
    ],
    [
      'rows of any length (the caller judges them)',
      'a,b\n1,2,3\n4\n,,',
      [
        [['a', 'b'], 1],
        [['1', '2', '3'], 2],
        [['4'], 3],
        [['', '', ''], 4],
      ],
    ],
    ['nothing', '', []],
  ])('%s', (_what, text, expected) => {
    expect(readCsvRecords(text).map((r) => [r.fields, r.line])).toEqual(expected);
  });

  it.each([
    ['a quote never closed', 'a,b\n"unclosed,2\n3,4', /unterminated/i],
    ['text after a closing quote', 'a,b\n"x"y,2', /malformed.*line 2/i],
  ])('refuses %s', (_what, text, message) => {
    expect(() => readCsvRecords(text)).toThrow(message);
  });
});
