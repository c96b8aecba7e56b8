import { describe, expect, it } from 'vitest';
import { exportRowPages, listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { grantCredits, memoryEngine } from '../../support/engine-fixture.js';

describe('export pages', () => {
  it.each([
    // [entries, page size, expected page lengths]
    [7, 3, [3, 3, 1]],
    [6, 3, [3, 3]],
    [2, 5, [2]],
    [0, 3, []],
  ])('%i entries in pages of %i read every entry once, in order, even when the reader rewrites the rows', async (n, size, lengths) => {
    const { engine } = memoryEngine();
    for (let i = 0; i < n; i++) await grantCredits(engine, 10 + i, `C${i}`);
    const seen: number[] = [];
    const pageLengths: number[] = [];
    for (const page of exportRowPages(engine.db, {}, size)) {
      pageLengths.push(page.length);
      for (const row of page) {
        seen.push(row[4]);
        // The transactions export rewrites each row into its CSV columns.
        (row as unknown[])[0] = 'rewritten';
      }
    }
    expect(pageLengths).toEqual(lengths);
    expect(seen).toEqual(listEntries(engine.db).map((e) => e.credits));
  });

  it('keeps the filter across pages', async () => {
    const { engine, clock } = memoryEngine();
    for (let i = 0; i < 6; i++) {
      await grantCredits(engine, 100 + i, `D${i}`);
      clock.advance(60_000);
    }
    const from = listEntries(engine.db)[2]!.at;
    const rows = [...exportRowPages(engine.db, { from }, 2)].flat();
    expect(rows.map((r) => r[4])).toEqual([102, 103, 104, 105]);
  });

  it.each([
    ['after the second entry', { afterId: 2 }, [102, 103, 104, 105]],
    ['after the second, within a time range', { afterId: 2, fromIndex: 3 }, [103, 104, 105]],
    ['after the last', { afterId: 6 }, []],
  ])('starts %s, in pages and in a plain listing alike (afterId is a filter like beforeId)', async (_what, f, credits) => {
    const { engine, clock } = memoryEngine();
    for (let i = 0; i < 6; i++) {
      await grantCredits(engine, 100 + i, `E${i}`);
      clock.advance(60_000);
    }
    const filter = { afterId: f.afterId, from: 'fromIndex' in f ? listEntries(engine.db)[f.fromIndex]!.at : undefined };
    expect([...exportRowPages(engine.db, filter, 2)].flat().map((r) => r[4])).toEqual(credits);
    expect(listEntries(engine.db, filter).map((e) => e.credits)).toEqual(credits);
  });
});
