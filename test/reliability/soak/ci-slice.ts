import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.js';

/**
 * Seeds `npm test` covers: seeds 1–40 — 4 with payments and sandbox faults
 * (10, 20, 30, 40), 2 with command hooks (5, 25), every one with webhooks —
 * split over two files so the two cores share them. Sized so the whole
 * `npm test` stays within 6 minutes on two idle cores: a payment seed costs
 * as much as 20 plain ones, and seeds 1–100 were 70 s of CPU;
 * the full run is `npm run soak -- --seeds 1000` (docs/RELIABILITY.md).
 */
export const CI_SEEDS = 40;
const FILES = 2;

/**
 * Declares slice `n` (1-based) of the CI soak: each seed a 30-day month that
 * must keep every invariant and the deployment-control rule, every 10th with
 * payments and sandbox faults, every 20th (offset 5) with command hooks.
 */
export function soakSlice(n: number): void {
  const per = CI_SEEDS / FILES;
  const seeds = Array.from({ length: per }, (_, i) => (n - 1) * per + i + 1);
  let controlActions = 0;
  describe(`seeded month-long simulation, seeds ${seeds[0]}–${seeds[seeds.length - 1]}`, () => {
    // Concurrent: a payment seed spends most of its time waiting on the sandbox (its injected latency
    // and lost answers), and the seeds share nothing (each its own clock, folder, sandbox and hooks),
    // so up to vitest's maxConcurrency seeds overlap their waits with each other's work.
    // Payment seeds meet real sandbox faults (lost answers, 500s, 429s) whose handling takes real
    // time: under load such a seed takes up to a minute, a plain one a few seconds.
    it.concurrent.for(seeds)('seed %i keeps every invariant for 30 days', { timeout: 180_000 }, async (seed, { expect }) => {
      const payments = seed % 10 === 0;
      const r = await simulate(seed, { payments });
      expect(r.violations, `replay: npm run soak -- --seed ${seed} --payments ${payments ? 1 : 0}\n${r.trail.join('\n')}`).toEqual([]);
      expect(r.ops).toBeGreaterThan(100);
      controlActions += r.controlActions;
    });
    // Each seed above checked the deployment-control rule on what its controlled deployments owed.
    it('its controlled deployments owed deployment-control actions, each checked', () => {
      expect(controlActions).toBeGreaterThan(per);
    });
  });
}
