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
    const file = write('c.csv', [
      'code,credits,expiresAt,maxRedemptions',
      'welcome ,500,,',
      'SPRING,1000,2026-06-01,10',
      'bad code!,100,,',
      'ZERO,0,,',
      'FRACTION,1.5,,',
      'WHEN,100,soon,',
      'welcome,700,,',
    ].join('\n'));
    const r = await importCoupons(engine, file);
    expect(r.created).toEqual(['WELCOME', 'SPRING']);
    expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([
      [3, expect.stringMatching(/code/)], [4, expect.stringMatching(/credits/)], [5, expect.stringMatching(/whole number/)],
      [6, expect.stringMatching(/ISO-8601/)], [7, expect.stringMatching(/already exists/)],
    ]);
    expect(engine.coupons.find('spring')).toMatchObject({ credits: 1000, maxRedemptions: 10, expiresAt: Date.parse('2026-06-01') });
  });

  it('imports a JSON array; refuses a file that is not one', async () => {
    const ok = write('c.json', JSON.stringify([{ code: 'A1', credits: 100 }, { code: 'B2', credits: -5 }]));
    expect(await importCoupons(engine, ok)).toMatchObject({ created: ['A1'], rejected: [{ row: 2, code: 'B2' }] });
    await expect(importCoupons(engine, write('x.json', '{"code":"A"}'))).rejects.toThrow(/JSON array/);
    await expect(importCoupons(engine, path.join(dir, 'missing.csv'))).rejects.toThrow(/cannot read/);
  });
});
