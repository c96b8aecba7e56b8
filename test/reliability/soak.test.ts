import { describe, expect, it } from 'vitest';
import { simulate } from './soak/simulate.js';

// The CI slice of `npm run soak`: the full 1,000 seeds run on demand (docs/RELIABILITY.md).
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);

describe('seeded month-long simulation (slice 1)', () => {
  it.each(SEEDS)('seed %i keeps every invariant for 30 days (every 10th with payments and faults)', async (seed) => {
    const r = await simulate(seed, { payments: seed % 10 === 0 });
    expect(r.violations, `replay: npm run soak -- --seed ${seed} --payments ${seed % 10 === 0 ? 1 : 0}\n${r.trail.join('\n')}`).toEqual([]);
    expect(r.ops).toBeGreaterThan(100);
  });
});
