import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import type { Precision } from '../../../main/core/deployments/deployment-types.js';
import type { Services } from '../../../main/core/services.js';
import { UsageRepo } from '../../../main/core/usage/usage-repo.js';
import { credit, memoryServices, startDeployment } from '../schedules/services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function withDeployment(paramsB: number, precision: Precision, tier: string) {
  const { s, clock } = await memoryServices('2026-03-02T09:00:00Z');
  open = s;
  await credit(s, 100_000);
  const id = await startDeployment(s, { paramsB, precision, tier, name: `m${paramsB}` });
  return { s, clock, id };
}

const kinds = (s: Services) =>
  s.insights
    .suggestions()
    .filter((x) => x.kind !== 'schedule')
    .map((x) => [x.kind, x.monthlySavingCredits, x.action]);

describe('right-size and quantize suggestions (30 days of running at today’s prices)', () => {
  it.each([
    ['7B fp16 on GPU L → GPU S', 7, 'fp16', 'L', [['right-size', (350 - 60) * 720, { type: 'set-tier', tier: 'S' }]]],
    ['70B fp16 on GPU L → AWQ on GPU M (48.6 %)', 70, 'fp16', 'L', [['quantize', (350 - 180) * 720, null]]],
    ['70B AWQ on GPU L → GPU M', 70, 'awq', 'L', [['right-size', (350 - 180) * 720, { type: 'set-tier', tier: 'M' }]]],
    [
      '13B fp16 on GPU L → GPU M, or AWQ on GPU S',
      13,
      'fp16',
      'L',
      [
        ['quantize', (350 - 60) * 720, null],
        ['right-size', (350 - 180) * 720, { type: 'set-tier', tier: 'M' }],
      ],
    ],
    ['7B fp16 on GPU S: nothing cheaper', 7, 'fp16', 'S', []],
    ['70B fp16 on GPU L after quantizing is AWQ on M: nothing', 70, 'awq', 'M', []],
  ])('%s', async (_label, paramsB, precision, tier, want) => {
    const { s } = await withDeployment(paramsB as number, precision as Precision, tier as string);
    expect(kinds(s)).toEqual(want);
  });

  it('the quantize saving is (350 − 180) / 350 = 48.6 % of the GPU L cost', async () => {
    const { s } = await withDeployment(70, 'fp16', 'L');
    const q = s.insights.suggestions().find((x) => x.kind === 'quantize')!;
    expect(q.monthlySavingCredits / (350 * 720)).toBeCloseTo(0.486, 3);
    expect(q.title).toContain('48.6 %');
  });
});

describe('idle and schedule suggestions', () => {
  it('no requests for 24 h (with counts known) suggests pausing: the whole monthly cost', async () => {
    const { s, clock, id } = await withDeployment(7, 'fp16', 'S');
    const usage = new UsageRepo(s.engine.db);
    clock.advance(30 * HOUR_MS);
    await s.engine.settle();
    for (let h = 0; h < 30; h++) usage.put(id, Date.parse('2026-03-02T09:00:00Z') + h * HOUR_MS, h < 4 ? 50 : 0, 'import', s.engine.now());
    const idle = s.insights.suggestions().find((x) => x.kind === 'pause-idle');
    expect(idle).toMatchObject({ deploymentId: id, monthlySavingCredits: 60 * 720, action: { type: 'pause' } });
    expect(s.insights.suggestions().some((x) => x.kind === 'schedule')).toBe(false);
  });

  it.each([
    ['one zero hour', 1],
    ['a day with only 19 of 24 hours counted', 19],
  ])('%s is not enough to call it idle', async (_what, counted) => {
    const { s, clock, id } = await withDeployment(7, 'fp16', 'S');
    const usage = new UsageRepo(s.engine.db);
    clock.advance(30 * HOUR_MS);
    await s.engine.settle();
    for (let h = 0; h < counted; h++) usage.put(id, s.engine.now() - (h + 1) * HOUR_MS, 0, 'import', s.engine.now());
    expect(s.insights.suggestions().some((x) => x.kind === 'pause-idle')).toBe(false);
  });

  it('without request counts, nights and weekends are suggested with the hours they pause', async () => {
    const { s, id } = await withDeployment(7, 'fp16', 'S');
    const sug = s.insights.suggestions().find((x) => x.kind === 'schedule')!;
    expect(sug.deploymentId).toBe(id);
    // 30 days from the next charge, Mon 10:00: 4 weeks of 60 running hours, then Mon 10–20, Tue 08–20, Wed 08–10.
    expect(sug.monthlySavingCredits).toBe((720 - (4 * 60 + 10 + 12 + 2)) * 60);
    expect(sug.action).toMatchObject({ type: 'set-schedule', timeZone: 'UTC' });
  });

  it('busy nights (over 5 % of requests outside working hours) suggest no schedule', async () => {
    const { s, id } = await withDeployment(7, 'fp16', 'S');
    const usage = new UsageRepo(s.engine.db);
    for (let h = 1; h <= 48; h++) usage.put(id, Date.parse('2026-03-02T09:00:00Z') - h * HOUR_MS, 100, 'import', s.engine.now());
    expect(s.insights.suggestions().some((x) => x.kind === 'schedule')).toBe(false);
  });

  it('Apply: set-tier moves the deployment, set-schedule installs the schedule, quantize is refused', async () => {
    const { s, id } = await withDeployment(7, 'fp16', 'L');
    await s.insights.applySuggestion('right-size', id);
    expect(s.engine.deployments.get(id).tier).toBe('S');
    await s.insights.applySuggestion('schedule', id);
    expect(s.schedules.get(id)?.windows).toHaveLength(3);
    const big = await startDeployment(s, { paramsB: 70, precision: 'fp16', tier: 'L', name: 'big' });
    await expect(s.insights.applySuggestion('quantize', big)).rejects.toThrow(/cannot make/);
    await expect(s.insights.applySuggestion('right-size', big)).rejects.toThrow(/no 'right-size' suggestion/);
  });
});
