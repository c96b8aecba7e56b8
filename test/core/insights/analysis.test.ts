import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../main/core/clock.js';
import type { Services } from '../../../main/core/services.js';
import { UsageRepo } from '../../../main/core/usage/usage-repo.js';
import { credit, memoryServices, startDeployment } from '../schedules/services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('cost analysis', () => {
  it('7 days: daily spend per deployment, totals, change vs the 7 days before, top items, cost per 1,000 requests', async () => {
    const { s, clock } = await memoryServices('2026-03-01T00:00:00Z');
    open = s;
    await credit(s, 1_000_000);
    const a = await startDeployment(s, { name: 'a', tier: 'S' });
    clock.advance(7 * DAY_MS);
    await s.engine.settle();
    const b = await startDeployment(s, { name: 'b', tier: 'L' });
    new UsageRepo(s.engine.db).put(b, Date.parse('2026-03-09T00:00:00Z'), 7000, 'import', s.engine.now());
    clock.advance(7 * DAY_MS - HOUR_MS / 2); // 14 March 23:30
    await s.engine.settle();
    const r = s.insights.analysis(7);
    expect(r.days.map((d) => d.date)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14']);
    expect(r.days[0]).toEqual({ date: '2026-03-08', total: 24 * 410, byDeployment: { [a]: 24 * 60, [b]: 24 * 350 } });
    expect(r.total).toBe(7 * 24 * 410);
    // The same length before 8 March 00:00 (6 d 23.5 h: from 1 March 00:30): a alone, 167 hours.
    expect(r.previousTotal).toBe(167 * 60);
    expect(r.changePct).toBe(Math.round(((168 * 410 - 167 * 60) / (167 * 60)) * 1000) / 10);
    expect(r.top.map((t) => [t.deploymentId, t.credits, t.hours])).toEqual([
      [b, 7 * 24 * 350, 168],
      [a, 7 * 24 * 60, 168],
    ]);
    // One hour of b's 168 has a count: its 350 credits over its 7,000 requests.
    expect(r.top[0]).toMatchObject({ requests: 7000, requestHours: 1, costPer1kRequests: 50 });
    expect(r.top[1]).toMatchObject({ requests: null, requestHours: 0, costPer1kRequests: null });
    expect(r.topHours[0]).toMatchObject({ deploymentId: b, credits: 350 });
  });

  it.each([
    // [hours with counts, requests in each, expected cost per 1,000 requests]
    ['every hour counted', 24, 1000, (350 * 1000) / 1000],
    ['half the hours counted', 12, 2000, (350 * 1000) / 2000],
    ['counted hours with no requests', 24, 0, null],
  ] as const)('cost per 1,000 requests uses only the hours with counts: %s', async (_what, counted, each, expected) => {
    const { s, clock } = await memoryServices('2026-03-01T00:00:00Z');
    open = s;
    await credit(s, 1_000_000);
    const d = await startDeployment(s, { name: 'l', tier: 'L' });
    const usage = new UsageRepo(s.engine.db);
    for (let h = 0; h < counted; h++) usage.put(d, Date.parse('2026-03-01T00:00:00Z') + h * HOUR_MS, each, 'import', s.engine.now());
    clock.advance(DAY_MS - HOUR_MS / 2);
    await s.engine.settle();
    const top = s.insights.analysis(7).top[0]!;
    expect(top).toMatchObject({ hours: 24, requestHours: counted, costPer1kRequests: expected });
  });

  it('an empty ledger gives zeros and no change figure', async () => {
    const { s } = await memoryServices('2026-03-01T12:00:00Z');
    open = s;
    const r = s.insights.analysis(14);
    expect(r.days).toHaveLength(14);
    expect([r.total, r.previousTotal, r.changePct, r.top.length]).toEqual([0, 0, null, 0]);
  });

  it('local days follow the time zone, and the DST day has 23 hours of charges (Berlin, 29 March)', async () => {
    const { s, clock } = await memoryServices('2026-03-27T23:00:00Z', 'Europe/Berlin');
    open = s;
    await credit(s, 1_000_000);
    await startDeployment(s, { tier: 'S' });
    clock.set(Date.parse('2026-03-30T12:00:00Z'));
    await s.engine.settle();
    const days = s.insights.analysis(7).days;
    expect(days.find((d) => d.date === '2026-03-29')?.total).toBe(23 * 60);
    expect(days.find((d) => d.date === '2026-03-28')?.total).toBe(24 * 60);
  });
});

describe('snapshot', () => {
  it('balance, month spend, projection, burn, runway, cost by model and deployment', async () => {
    const { s, clock } = await memoryServices('2026-03-30T00:00:00Z');
    open = s;
    await credit(s, 10_000);
    const id = await startDeployment(s, { name: 'big', model: 'llama-3-70b', paramsB: 70, tier: 'L' });
    clock.advance(30 * 60_000);
    const snap = s.insights.snapshot();
    expect(snap).toMatchObject({ balance: 9650, monthSpend: 350, burnPerHour: 350, projectedMonth: 48 * 350, running: 1 });
    expect(snap.runway).toEqual({ hours: 27.5, at: Date.parse('2026-03-31T04:00:00Z'), firstToPause: { id, name: 'big' } });
    expect(snap.costByModel).toEqual([{ model: 'llama-3-70b', credits: 350 }]);
    expect(snap.daily).toHaveLength(30);
  });
});
