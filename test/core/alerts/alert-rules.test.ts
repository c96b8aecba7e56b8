import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../main/core/clock.js';
import type { Services } from '../../../main/core/services.js';
import { credit, memoryServices, startDeployment } from '../schedules/services-fixture.js';

const T0 = '2026-03-02T09:00:00Z'; // a Monday
let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function scenario() {
  const { s, clock } = await memoryServices(T0);
  open = s;
  await s.alerts.updateSettings({ lowBalanceThresholds: [2000, 500], runwayHours: 24 });
  await credit(s, 5000);
  const id = await startDeployment(s, { tier: 'S', name: 'llama-8b' }); // 60 credits/h, balance 4,940
  return { s, clock, id };
}

const summary = (s: Services) =>
  s.alerts
    .list({ limit: 1000 })
    .map((a) => `${a.kind}@${new Date(a.at).toISOString()}`)
    .sort();

describe('alerts through a 30-day catch-up (one settle pass)', () => {
  it('each rule fires once at the hour it happened; summaries once per day and week with spend', async () => {
    const { s, clock } = await scenario();
    clock.advance(30 * DAY_MS);
    await s.engine.settle();
    const h = (n: number) => new Date(Date.parse(T0) + n * HOUR_MS).toISOString();
    expect(summary(s)).toEqual(
      [
        `low_balance@${h(50)}`, // 4,940 − 50 × 60 = 1,940 < 2,000
        `low_balance@${h(75)}`, // 440 < 500
        `runway_low@${h(60)}`, // 1,340 left pays 22 more hours: 23 h < 24 h
        `paused_for_credits@${h(83)}`, // 20 left, the hour needs 60
        'daily_summary@2026-03-03T09:00:00.000Z',
        'daily_summary@2026-03-04T09:00:00.000Z',
        'daily_summary@2026-03-05T09:00:00.000Z',
        'daily_summary@2026-03-06T09:00:00.000Z',
        'weekly_summary@2026-03-09T09:00:00.000Z',
      ].sort(),
    );
  });

  it('texts follow the notification tone', async () => {
    const { s, clock } = await scenario();
    clock.advance(30 * DAY_MS);
    await s.engine.settle();
    const by = (k: string) =>
      s.alerts
        .list({ limit: 100 })
        .filter((a) => a.kind === k)
        .map((a) => a.message);
    expect(by('low_balance')).toContain('Balance below 500 credits — 440 left (≈ 7 h at current burn).');
    expect(by('paused_for_credits')).toEqual(['llama-8b paused: the next hour needs 60 credits, 20 left.']);
    expect(by('daily_summary')).toContain('Tue 3 Mar: 1,440 credits ($14.40) across 1 deployment; llama-8b 100 %.');
  });

  it('the delivery queue holds each alert once, only the newest summary of each kind, and drains', async () => {
    const { s, clock } = await scenario();
    clock.advance(30 * DAY_MS);
    await s.engine.settle();
    const pending = s.alerts.pendingDeliveries();
    expect(pending.map((a) => a.kind).sort()).toEqual(['daily_summary', 'low_balance', 'low_balance', 'paused_for_credits', 'runway_low', 'weekly_summary']);
    expect(s.alerts.markDelivered(pending.map((a) => a.id))).toBe(6);
    expect(s.alerts.pendingDeliveries()).toEqual([]);
    expect(s.alerts.list({ unread: true })).toHaveLength(9);
    s.alerts.markRead('all');
    expect(s.alerts.unreadCount()).toBe(0);
  });

  it('settling hour by hour raises exactly the same alerts as one catch-up', async () => {
    const a = await scenario();
    a.clock.advance(5 * DAY_MS);
    await a.s.engine.settle();
    const once = summary(a.s);
    await a.s.close();
    const b = await scenario();
    for (let i = 0; i < 5 * 24; i++) {
      b.clock.advance(HOUR_MS);
      await b.s.engine.settle();
    }
    expect(summary(b.s)).toEqual(once);
  });
});

describe('crossings re-arm', () => {
  it('a low-balance threshold fires again only after the balance rose above it', async () => {
    const { s, clock } = await scenario();
    clock.advance(4 * DAY_MS); // paused for credits by now
    await s.engine.settle();
    await credit(s, 3000); // 3,020 and resumed: above both thresholds again, so both re-arm
    clock.advance(4 * DAY_MS);
    await s.engine.settle();
    const lows = s.alerts
      .list({ limit: 100 })
      .filter((a) => a.kind === 'low_balance')
      .map((a) => a.data.threshold);
    expect(lows.sort()).toEqual([2000, 2000, 500, 500]);
    expect(s.alerts.list({ limit: 100 }).filter((a) => a.kind === 'paused_for_credits')).toHaveLength(2);
  });

  it('a deployment spend limit fires once while over, again after falling back under', async () => {
    const { s, clock } = await memoryServices(T0);
    open = s;
    await credit(s, 100_000);
    const id = await startDeployment(s, { tier: 'M' }); // 180/h
    await s.alerts.updateSettings({ deploymentLimits: [{ deploymentId: id, windowHours: 6, limitCredits: 500 }], runwayHours: null });
    clock.advance(DAY_MS);
    await s.engine.settle();
    expect(
      s.alerts
        .list()
        .filter((a) => a.kind === 'deployment_spend')
        .map((a) => new Date(a.at).toISOString()),
    ).toEqual(['2026-03-02T11:00:00.000Z']);
    await s.engine.pauseDeployment(id);
    clock.advance(12 * HOUR_MS);
    await s.engine.resumeDeployment(id);
    clock.advance(5 * HOUR_MS);
    await s.engine.settle();
    expect(s.alerts.list().filter((a) => a.kind === 'deployment_spend')).toHaveLength(2);
  });
});

describe('payment notices and raise()', () => {
  it('each payment notice becomes one alert, however often it settles', async () => {
    const { s } = await scenario();
    s.engine.db
      .prepare(
        "INSERT INTO payment_notices (kind, at, message, data) VALUES ('refill_succeeded', ?, 'Auto-refill added 2,000 credits ($20.00) — Visa ••4242.', '{}'), ('refill_needs_action', ?, 'Auto-refill needs you: the bank asks to confirm the payment.', '{}')",
      )
      .run(Date.parse(T0), Date.parse(T0));
    await s.engine.settle();
    await s.engine.settle();
    const kinds = s.alerts.list().map((a) => `${a.kind}/${a.severity}`);
    expect(kinds.filter((k) => k.startsWith('refill'))).toEqual(['refill_needs_action/critical', 'refill_succeeded/info']);
  });

  it('raise() with the same dedupe key records one alert', async () => {
    const { s } = await scenario();
    const a = {
      kind: 'reconciliation' as const,
      severity: 'warning' as const,
      title: 'Refund exceeded the balance',
      message: 'A refund of 900 credits found 400.',
      dedupeKey: 'recon:re_1',
      at: Date.parse(T0),
    };
    expect(s.alerts.raise(a)).not.toBeNull();
    expect(s.alerts.raise(a)).toBeNull();
    expect(s.alerts.list({ kinds: ['reconciliation'] })).toHaveLength(1);
  });

  it.each([
    [{ summaryTime: '25:00' }],
    [{ lowBalanceThresholds: [0] }],
    [{ runwayHours: 0 }],
    [{ deploymentLimits: [{ deploymentId: 1, windowHours: 0, limitCredits: 5 }] }],
  ])('settings %j are refused and nothing changes', async (patch) => {
    const { s } = await scenario();
    const before = s.alerts.settings();
    await expect(s.alerts.updateSettings(patch as never)).rejects.toThrow(/invalid/);
    expect(s.alerts.settings()).toEqual(before);
  });
});
