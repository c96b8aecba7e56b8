import type fc from 'fast-check';

/**
 * The seed of every property test: fixed, so `npm test` runs the same cases
 * each time and never flakes on a case it has not met before; set
 * BURNRATE_PROPERTY_SEED to explore other cases or to replay a reported one.
 */
export const PROPERTY_SEED = seedFromEnv(process.env.BURNRATE_PROPERTY_SEED) ?? 20261206;

function seedFromEnv(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`BURNRATE_PROPERTY_SEED must be a whole number, not '${text}'`);
  return n | 0;
}

let printed = false;

/** fast-check parameters with the suite's seed (printed once per test file, and by fast-check in a failure's report). */
export function seeded<T>(params: fc.Parameters<T> = {}): fc.Parameters<T> {
  if (!printed) {
    printed = true;
    console.log(`fast-check seed ${PROPERTY_SEED} (replay or vary with BURNRATE_PROPERTY_SEED=<n>)`);
  }
  return { seed: PROPERTY_SEED, ...params };
}
