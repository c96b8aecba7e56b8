import { describe, expect, it } from 'vitest';
import { postgresStoreForFile, sqliteStore } from '../support/store-factory.js';
import { simulate } from './soak/simulate.js';

/**
 * One rule set, two stores: seeds of the CI soak (soak/ci-slice.ts) replayed
 * on the server's PostgreSQL store keep every invariant, and do exactly what
 * the same seed does on SQLite — the same operations, refusals and charges.
 * The first four days of three seeds only: every statement on PostgreSQL is a
 * round trip through the connection's thread, so a month there takes about two
 * minutes on a loaded machine (the full slice runs on SQLite in soak-1/soak-2).
 */
const SEEDS = [1, 2, 3];
const DAYS = 4;
const postgres = postgresStoreForFile();

describe('seeded days on both stores (the soak slice on PostgreSQL)', () => {
  it.each(SEEDS)(
    'seed %i keeps every invariant on PostgreSQL and matches SQLite',
    async (seed) => {
      const onSqlite = await simulate(seed, { days: DAYS, store: sqliteStore.open });
      const onPostgres = await simulate(seed, { days: DAYS, store: postgres.open });
      expect(onPostgres.violations, `seed ${seed}, ${DAYS} days, on PostgreSQL\n${onPostgres.trail.join('\n')}`).toEqual([]);
      expect(onSqlite.violations).toEqual([]);
      expect({ ops: onPostgres.ops, refused: onPostgres.refused, charges: onPostgres.charges }).toEqual({
        ops: onSqlite.ops,
        refused: onSqlite.refused,
        charges: onSqlite.charges,
      });
    },
    600_000,
  );
});
