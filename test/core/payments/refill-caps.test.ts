import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../main/core/clock.js';
import { capBlocking, capsReopenAt, type CountedRefill, refillBlock, type RefillRules } from '../../../main/core/payments/refill-caps.js';

const T = Date.parse('2026-03-10T12:00:00Z');
const rules = (p: Partial<RefillRules> = {}): RefillRules => ({
  enabled: true,
  thresholdCredits: 500,
  amountCredits: 1000,
  maxPerDay: 3,
  monthlyLimitCredits: null,
  ...p,
});
const at = (hoursFromT: number, credits = 1000): CountedRefill => ({ at: T + hoursFromT * HOUR_MS, credits });

describe('the caps count refills by the instant they are dated (SPEC: the hour they fund)', () => {
  it.each([
    ['no refills', [], rules(), null],
    ['two in the last 24 h, cap 3', [at(-20), at(-1)], rules(), null],
    ['three in the last 24 h, cap 3', [at(-23), at(-10), at(-1)], rules(), 'per_day'],
    ['one exactly 24 h old has left the window', [at(-24), at(-10), at(-1)], rules(), null],
    ['one a millisecond under 24 h old still counts', [{ at: T - DAY_MS + 1, credits: 1000 }, at(-10), at(-1)], rules(), 'per_day'],
    ['one dated after the instant does not count yet', [at(-23), at(-10), at(1)], rules(), null],
    ['no per-day cap', [at(-3), at(-2), at(-1), at(0)], rules({ maxPerDay: null }), null],
    ['monthly: 2,000 of 3,000 used, one more of 1,000 fits', [at(-100), at(-50)], rules({ monthlyLimitCredits: 3000 }), null],
    ['monthly: 3,000 of 3,000 used', [at(-200), at(-100), at(-50)], rules({ monthlyLimitCredits: 3000 }), 'monthly'],
    ["monthly: last month's refills do not count", [at(-10 * 24), at(-9 * 24 - 13), at(-50)], rules({ monthlyLimitCredits: 2000 }), null],
  ] as const)('%s', (_label, refills, r, expected) => {
    expect(capBlocking(r, refills, T, 'UTC')).toBe(expected);
  });

  it.each([
    ['off', rules({ enabled: false }), 0, 'off'],
    ['at the threshold', rules(), 500, 'above_threshold'],
    ['below it, no cap reached', rules(), 499, null],
  ] as const)('whether a refill may happen: %s', (_label, r, balance, expected) => {
    expect(refillBlock(r, balance, [], T, 'UTC')).toBe(expected);
  });
});

describe('when the cap window reopens', () => {
  it.each([
    ['open already', [at(-30)], rules(), T],
    ['cap 3, full: when the oldest is 24 h old', [at(-23), at(-10), at(-1)], rules(), T + HOUR_MS],
    ['cap 1 with 3 in the window: when the newest is 24 h old', [at(-23), at(-10), at(-1)], rules({ maxPerDay: 1 }), T + 23 * HOUR_MS],
    [
      'monthly limit reached: at the next local month start',
      [at(-50), at(-10)],
      rules({ maxPerDay: null, monthlyLimitCredits: 2000 }),
      Date.parse('2026-04-01T00:00:00Z'),
    ],
    ['a refill above the monthly limit on its own: never', [], rules({ monthlyLimitCredits: 500 }), null],
  ] as const)('%s', (_label, refills, r, expected) => {
    expect(capsReopenAt(r, refills, T, 'UTC')).toBe(expected);
  });

  it("the month starts in the user's zone (New York: 1 April 00:00 EDT is 04:00 UTC)", () => {
    const r = rules({ maxPerDay: null, monthlyLimitCredits: 1000 });
    expect(capsReopenAt(r, [at(-1)], T, 'America/New_York')).toBe(Date.parse('2026-04-01T04:00:00Z'));
  });

  it('both caps: the later reopening wins', () => {
    const r = rules({ maxPerDay: 1, monthlyLimitCredits: 1000 });
    // 31 March 23:00: the day window reopens on 1 April 22:00 — in a new month, where the limit is unused.
    const late = Date.parse('2026-03-31T23:00:00Z');
    expect(capsReopenAt(r, [{ at: late - HOUR_MS, credits: 1000 }], late, 'UTC')).toBe(late - HOUR_MS + DAY_MS);
    // 10 March: the day window reopens on 11 March, but the month's limit holds until 1 April.
    expect(capsReopenAt(r, [at(-1)], T, 'UTC')).toBe(Date.parse('2026-04-01T00:00:00Z'));
  });
});
