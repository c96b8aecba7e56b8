import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { importCoupons } from '../../../main/core/coupons/coupon-import.js';
import { Engine } from '../../../main/core/engine.js';
import { tempDir } from '../../support/engine-fixture.js';

describe('coupon import (JSON or CSV, per-row validation, a report of rejected rows)', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(() => {
    dir = tempDir();
    engine = Engine.open({ dataDir: dir, clock: new SimulatedClock(Date.parse('2026-03-02T09:00:00Z')) });
  });
  afterEach(() => engine.close());

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('imports good CSV rows and reports each bad one with its reason', async () => {
    const file = write(
      'c.csv',
      [
        'code,credits,expiresAt,maxRedemptions',
        'welcome ,500,,',
        'SPRING,1000,2026-06-01,10',
        'bad code!,100,,',
        'ZERO,0,,',
        'FRACTION,1.5,,',
        'WHEN,100,soon,',
        'welcome,700,,',
      ].join('\n'),
    );
    const r = await importCoupons(engine, file);
    expect(r.created).toEqual(['WELCOME', 'SPRING']);
    expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([
      [3, expect.stringMatching(/code/)],
      [4, expect.stringMatching(/credits/)],
      [5, expect.stringMatching(/whole number/)],
      [6, expect.stringMatching(/ISO-8601/)],
      [7, expect.stringMatching(/already exists/)],
    ]);
    expect(engine.coupons.find('spring')).toMatchObject({ credits: 1000, maxRedemptions: 10, expiresAt: Date.parse('2026-06-01') });
  });

  it('imports a JSON array; refuses a file that is not one', async () => {
    const ok = write(
      'c.json',
      JSON.stringify([
        { code: 'A1', credits: 100 },
        { code: 'B2', credits: -5 },
      ]),
    );
    expect(await importCoupons(engine, ok)).toMatchObject({ created: ['A1'], rejected: [{ row: 2, code: 'B2' }] });
    await expect(importCoupons(engine, write('x.json', '{"code":"A"}'))).rejects.toThrow(/JSON array/);
    await expect(importCoupons(engine, path.join(dir, 'missing.csv'))).rejects.toThrow(/cannot read/);
  });

  it.each([
    ['a row with too few fields', 'code,credits\nONE,100\nSHORT\nTWO,200', ['ONE', 'TWO'], [[2, null, /1 field, the header has 2/]]],
    ['a row with too many fields', 'code,credits\nONE,100,extra\nTWO,200', ['TWO'], [[1, null, /3 fields, the header has 2/]]],
    ['headers in any case, padded', ' Code , CREDITS ,Expires_At,Max Redemptions\nmixed,100,2026-05-01,2', ['MIXED'], []],
    [
      'an already expired coupon',
      'code,credits,expiresAt\nOLD,100,2026-03-01\nNOW,100,2026-03-02T09:00:00Z\nLATER,100,2026-03-02T09:00:01Z',
      ['LATER'],
      [
        [1, 'OLD', /already expired \(2026-03-01T00:00:00.000Z\)/],
        [2, 'NOW', /already expired/],
      ],
    ],
    ['a UTF-8 byte-order mark (Excel)', '\uFEFFcode,credits\nBOM,100', ['BOM'], []],
  ] as const)('CSV: %s is handled row by row', async (_what, text, created, rejected) => {
    const r = await importCoupons(engine, write('rows.csv', text));
    expect(r.created).toEqual(created);
    expect(r.rejected).toEqual(rejected.map(([row, code, reason]) => ({ row, code, reason: expect.stringMatching(reason) })));
  });

  it.each([
    ['no header at all', 'WELCOME,500\nSPRING,1000'],
    ['a header without credits', 'code,amount\nWELCOME,500'],
    ['an unknown column (a misspelt expiry would never expire)', 'code,credits,expires_on\nWELCOME,500,2026-06-01'],
    ['a column named twice', 'code,credits,Credits\nWELCOME,500,600'],
    ['an empty file', ''],
  ])('CSV: %s is one clear error and imports nothing', async (_what, text) => {
    await expect(importCoupons(engine, write('bad.csv', text))).rejects.toThrow(
      /needs a header line with the columns code, credits|names the column credits twice/,
    );
    expect(engine.coupons.list()).toEqual([]);
  });

  it.each([
    [
      'an unknown key (a misspelt expiry would never expire)',
      [
        { code: 'OK', credits: 100 },
        { code: 'WELCOME', credits: 500, expiry: '2026-06-01' },
      ],
      /c\.json: coupon 2 needs the keys code, credits, expiresAt, maxRedemptions .*found 'code', 'credits', 'expiry'/,
    ],
    ['a coupon without credits', [{ code: 'WELCOME' }], /coupon 1 needs the keys .*; found 'code'$/],
    ['a coupon without a code', [{ credits: 500 }], /coupon 1 needs the keys/],
    ['one key in two spellings', [{ code: 'WELCOME', credits: 500, expiresAt: '2026-06-01', expires_at: '2027-01-01' }], /coupon 1 names expiresAt twice/],
  ])('JSON: %s refuses the whole file, like a CSV header, and imports nothing', async (_what, rows, message) => {
    await expect(importCoupons(engine, write('c.json', JSON.stringify(rows)))).rejects.toMatchObject({
      code: 'invalid_file',
      message: expect.stringMatching(message),
    });
    expect(engine.coupons.list()).toEqual([]);
  });

  it('JSON: keys in any case; expired and malformed rows rejected on their own', async () => {
    const file = write(
      'c.json',
      JSON.stringify([{ Code: 'J1', CREDITS: 100, 'Max Redemptions': 2 }, { code: 'J2', credits: 100, expires_at: '2026-01-01' }, 'text', null]),
    );
    expect(await importCoupons(engine, file)).toEqual({
      created: ['J1'],
      rejected: [
        { row: 2, code: 'J2', reason: expect.stringMatching(/already expired \(2026-01-01T00:00:00.000Z\)/) },
        { row: 3, code: null, reason: expect.stringMatching(/must be an object/) },
        { row: 4, code: null, reason: expect.stringMatching(/must be an object/) },
      ],
    });
    expect(engine.coupons.find('j1')).toMatchObject({ credits: 100, maxRedemptions: 2, expiresAt: null });
  });
});
