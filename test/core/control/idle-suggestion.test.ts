import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import { idleStretches } from '../../../main/core/control/idle-suggestion.js';
import { UsageRepo } from '../../../main/core/usage/usage-repo.js';
import type { Services } from '../../../main/core/services.js';
import { credit, memoryServices, startDeployment } from '../schedules/services-fixture.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

/** Services at T0 + 7 days with one running deployment and the given hourly counts (null: unknown) over the past week. */
async function withUsage(counts: (number | null)[]) {
  const { s, clock } = await memoryServices(T0);
  open = s;
  await credit(s, 1_000_000);
  const id = await startDeployment(s, { tier: 'S', name: 'llama-8b' });
  clock.set(T0 + 7 * 24 * HOUR_MS);
  await s.engine.settle();
  const repo = new UsageRepo(s.engine.db);
  const start = T0 + 7 * 24 * HOUR_MS - counts.length * HOUR_MS;
  counts.forEach((n, i) => {
    if (n !== null) repo.put(id, start + i * HOUR_MS, n, 'import', T0);
  });
  return { s, id };
}

describe('the suggestion card offers idle auto-pause where usage shows long idle stretches', () => {
  it.each([
    ['busy every hour', [5, 5, 5, 5, 5, 5], []],
    ['one 4-hour idle stretch', [5, 0, 0, 0, 0, 5], [4]],
    ['unknown hours break a stretch', [0, 0, null, 0, 0, 5], [2, 2]],
    ['two stretches', [0, 0, 0, 3, 0, 0], [3, 2]],
  ])('%s', async (_name, counts, runs) => {
    const { s, id } = await withUsage(counts);
    expect(idleStretches(s.engine, id, s.engine.now())).toEqual(runs);
  });

  it('offers it (saving the hours after the first of each long stretch) and Apply turns it on at 60 minutes', async () => {
    const { s, id } = await withUsage([5, 0, 0, 0, 0, 0, 0, 5]);
    const card = s.insights.suggestions().find((x) => x.kind === 'idle-auto-pause');
    expect(card).toMatchObject({ deploymentId: id, action: { type: 'set-idle', afterMinutes: 60 }, monthlySavingCredits: Math.round((5 * 60 * 30) / 7) });
    await s.insights.applySuggestion('idle-auto-pause', id);
    expect(s.idle.after(id)).toBe(60);
    expect(s.insights.suggestions().some((x) => x.kind === 'idle-auto-pause')).toBe(false);
  });

  it('offers nothing for short idle stretches', async () => {
    const { s } = await withUsage([5, 0, 0, 0, 5, 0, 5]);
    expect(s.insights.suggestions().some((x) => x.kind === 'idle-auto-pause')).toBe(false);
  });
});
