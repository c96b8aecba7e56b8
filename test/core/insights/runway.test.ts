import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../../main/core/clock.js';
import type { ForecastDeployment, ForecastInput, RefillPolicy } from '../../../main/core/insights/forecast-types.js';
import { burnPerHour, restOfMonthCharges } from '../../../main/core/insights/projection.js';
import { computeRunway } from '../../../main/core/insights/runway.js';

const PRICES: Record<string, number> = { S: 60, M: 180, L: 350 };
const NOW = Date.parse('2026-03-02T09:30:00Z'); // a Monday

function dep(id: number, tier: string, nextInMin: number, extra: Partial<ForecastDeployment> = {}): ForecastDeployment {
  const next = NOW + nextInMin * MINUTE_MS;
  return { id, name: `d${id}`, tier, nextChargeAt: next, resumeAt: null, paidUntil: next, schedule: null, ...extra };
}

function input(balance: number, deployments: ForecastDeployment[], refill: RefillPolicy | null = null, now = NOW, timeZone = 'UTC'): ForecastInput {
  return { now, timeZone, balance, deployments, priceAt: (t) => PRICES[t]!, refill };
}

const refill = (p: Partial<RefillPolicy> = {}): RefillPolicy => ({
  enabled: true,
  thresholdCredits: 500,
  amountCredits: 2000,
  maxPerDay: 3,
  monthlyLimitCredits: null,
  counted: [],
  cappedAt: null,
  ...p,
});

describe('runway from the upcoming charge schedule', () => {
  it.each([
    // balance, deployments, expected hours, first to pause
    ['one L, 1,000 credits: pays 10:00 and 11:00, not 12:00', 1000, [dep(1, 'L', 30)], 2.5, 1],
    ['exactly enough for 3 hours fails at the 4th', 1050, [dep(1, 'L', 30)], 3.5, 1],
    ['two deployments (S at 09:40, L at 10:10): L fails at 12:10', 1000, [dep(1, 'S', 10), dep(2, 'L', 40)], 2.7, 2],
    ['balance below the very next charge: runway is that charge', 100, [dep(1, 'L', 5)], 0.1, 1],
  ])('%s', (_label, balance, deps, hours, first) => {
    const r = computeRunway(input(balance as number, deps as ForecastDeployment[]));
    expect(r?.hours).toBe(hours);
    expect(r?.firstToPause.id).toBe(first);
  });

  it('nothing running: no runway', () => {
    expect(computeRunway(input(0, []))).toBeNull();
  });

  it('a balance lasting beyond 90 days is reported as null', () => {
    expect(computeRunway(input(60 * 24 * 91, [dep(1, 'S', 30)]))).toBeNull();
    expect(computeRunway(input(60 * 24 * 89, [dep(1, 'S', 30)]))).not.toBeNull();
  });

  it('a nightly pause schedule stretches the runway: 12 charged hours a day instead of 24', () => {
    const schedule = {
      deploymentId: 1,
      timeZone: 'UTC',
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, start: '20:00', end: '08:00' }],
    };
    // 10:00 … 19:00 today = 10 hours = 600 credits; then 08:00 … 19:00 tomorrow.
    const r = computeRunway(
      input(600 + 12 * 60, [dep(1, 'S', 30, { schedule: { ...schedule, windows: schedule.windows.map((w) => ({ ...w, days: [...w.days] })) } })]),
    );
    expect(new Date(r!.at).toISOString()).toBe('2026-03-04T08:00:00.000Z');
  });

  it('a deployment paused by schedule counts from its resume', () => {
    const d = dep(1, 'L', 0, { nextChargeAt: null, resumeAt: NOW + 2 * HOUR_MS, paidUntil: NOW - HOUR_MS });
    const r = computeRunway(input(350, [d]));
    expect(r?.at).toBe(NOW + 3 * HOUR_MS);
  });

  it.each([
    ['refill off', null, 2.5],
    ['refill on (below 500 add 2,000, 3 per 24 h): 3 refills then out', refill(), 20.5],
    ['refill capped at 1 per 24 h', refill({ maxPerDay: 1 }), 8.5],
    ['refill with a monthly limit of 4,000 credits', refill({ maxPerDay: null, monthlyLimitCredits: 4000 }), 14.5],
  ])('%s', (_label, policy, hours) => {
    // 1,000 credits on GPU L (350/h): 10:00 → 650, 11:00 → 300 (<500: +2,000 → 2,300), …
    expect(computeRunway(input(1000, [dep(1, 'L', 30)], policy as RefillPolicy | null))?.hours).toBe(hours);
  });
});

describe('runway replays auto-refill coming back when its cap window reopens', () => {
  it('a refill 23 h ago caps the 10:00 one; the window reopens at 10:30 and that refill pays 11:00', () => {
    // 400 on GPU L: 10:00 → 50 (capped: 1 per 24 h); 10:30 reopen +2,000; 11:00 … 15:00 → 300 (capped again); 16:00 unpaid.
    const policy = refill({ maxPerDay: 1, counted: [{ at: NOW - 23 * HOUR_MS, credits: 2000 }] });
    expect(computeRunway(input(400, [dep(1, 'L', 30)], policy))?.hours).toBe(6.5);
  });

  it("a cap the engine already hit reopens in the walk too (the engine's cappedAt)", () => {
    // 40 left, capped at 09:00 behind a refill at 09:15 yesterday: the reopening at 09:15 adds 1,000, so GPU S (60/h)
    // is paid from 09:40; 18:40 leaves 440 (capped again until 09:15 tomorrow); 02:40 is unpaid.
    const policy = refill({
      amountCredits: 1000,
      maxPerDay: 1,
      counted: [{ at: NOW - 24 * HOUR_MS - 15 * MINUTE_MS, credits: 1000 }],
      cappedAt: NOW - 30 * MINUTE_MS,
    });
    expect(computeRunway(input(40, [dep(1, 'S', 10)], policy))?.hours).toBe(17.2);
  });
});

describe('projected month and burn', () => {
  it('rest of the month: every hour from the next charge to local month end', () => {
    const now = Date.parse('2026-01-31T12:30:00Z');
    const d: ForecastDeployment = {
      id: 1,
      name: 'a',
      tier: 'L',
      nextChargeAt: Date.parse('2026-01-31T13:00:00Z'),
      resumeAt: null,
      paidUntil: Date.parse('2026-01-31T13:00:00Z'),
      schedule: null,
    };
    expect(restOfMonthCharges(input(0, [d], null, now))).toBe(11 * 350);
    // In New York the month ends five hours later.
    expect(restOfMonthCharges(input(0, [d], null, now, 'America/New_York'))).toBe(16 * 350);
  });

  it('a month with the spring DST change has 743 local hours (Berlin, March 2026)', () => {
    const now = Date.parse('2026-02-28T23:00:00Z'); // 1 March 00:00 Berlin
    const d: ForecastDeployment = { id: 1, name: 'a', tier: 'S', nextChargeAt: now, resumeAt: null, paidUntil: now, schedule: null };
    expect(restOfMonthCharges(input(0, [d], null, now, 'Europe/Berlin'))).toBe(743 * 60);
  });

  it('schedules reduce the projection: weekdays only', () => {
    const now = Date.parse('2026-03-27T00:00:00Z'); // Friday
    const schedule = { deploymentId: 1, timeZone: 'UTC', windows: [{ days: ['sat' as const, 'sun' as const], start: '00:00', end: '24:00' }] };
    const d: ForecastDeployment = { id: 1, name: 'a', tier: 'S', nextChargeAt: now, resumeAt: null, paidUntil: now, schedule };
    // Fri 27, Mon 30, Tue 31 = 3 days × 24 h.
    expect(restOfMonthCharges(input(0, [d], null, now))).toBe(3 * 24 * 60);
  });

  it('burn per hour sums what is running now', () => {
    expect(burnPerHour(input(0, [dep(1, 'S', 10), dep(2, 'L', 20), dep(3, 'M', 0, { nextChargeAt: null, resumeAt: NOW + HOUR_MS })]))).toBe(410);
  });
});

describe('runway short-cut: a balance that surely lasts skips the walk', () => {
  const withBound = (i: ForecastInput, max: (tier: string) => number): ForecastInput => ({ ...i, maxPriceBetween: (tier) => max(tier) });
  const horizonHours = 24;

  it.each([
    ['well short of the bound: the walk decides', 1000],
    ['just below the bound', 25 * 350 - 1],
    ["exactly the horizon's charges plus one", 24 * 350],
    ['at the bound: surely lasts', 25 * 350],
  ])('%s — the answer equals the full walk', (_label, balance) => {
    const plain = input(balance, [dep(1, 'L', 30)]);
    expect(
      computeRunway(
        withBound(plain, (t) => PRICES[t]!),
        horizonHours * HOUR_MS,
      ),
    ).toEqual(computeRunway(plain, horizonHours * HOUR_MS));
  });

  it('a price rise inside the horizon is part of the bound, so the walk still finds the run-out', () => {
    const rise = NOW + 5 * HOUR_MS;
    const base = input(24 * 350, [dep(1, 'L', 30)]);
    const rising: ForecastInput = { ...base, priceAt: (t, at) => (at >= rise ? 1000 : PRICES[t]!), maxPriceBetween: () => 1000 };
    const r = computeRunway(rising, horizonHours * HOUR_MS);
    expect(r).not.toBeNull();
    expect(r!.at).toBeGreaterThanOrEqual(rise);
  });
});
