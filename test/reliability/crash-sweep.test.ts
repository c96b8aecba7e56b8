import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { campaign } from './crash/sweep.js';
import { Prng } from './soak/prng.js';

// The CI slice of `npm run crash-sweep` (the full run is 25 points × 25 kills + 500 random kills).
// Four of the five deployments are controlled (command hooks that fail or hang, webhooks answered 500 at times).
// Each campaign starts real processes (a tsx start each): the timeout only catches a hang.
describe('crash sweep (CI slice): killed and restarted, the invariants and the deployment-control rule hold', () => {
  it.each(['settle-in-batch', 'after-stripe-call', 'act-in-transaction', 'control-after-send', 'an outside SIGKILL'])(
    'kills at %s during a simulated day',
    async (where) => {
      const point = where.startsWith('an ') ? null : where;
      // The outside kill (no point) is counted in finished steps, not in milliseconds,
      // so it lands inside the day however fast or loaded the machine is.
      const r = await campaign(7, 1, 1, point, new Prng(7), 'steps');
      try {
        expect(r.violations).toEqual([]);
        expect(r.kills).toBe(1);
        expect(r.controlActions).toBeGreaterThanOrEqual(4);
      } finally {
        fs.rmSync(r.dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
