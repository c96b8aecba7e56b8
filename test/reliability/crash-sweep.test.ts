import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { campaign } from './crash/sweep.js';
import { Prng } from './soak/prng.js';

// The CI slice of `npm run crash-sweep` (the full run is 23 points × 25 kills + 500 random kills).
describe('crash sweep (CI slice): killed and restarted, the invariants hold', () => {
  it.each(['settle-in-batch', 'after-stripe-call', 'act-in-transaction', null])('kills at %s during a simulated day', async (point) => {
    const r = await campaign(7, 1, 1, point, new Prng(7));
    expect(r.violations).toEqual([]);
    expect(r.kills).toBe(1);
    fs.rmSync(r.dir, { recursive: true, force: true });
  }, 60_000);
});
