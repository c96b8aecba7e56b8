import { describe, expect, it, vi } from 'vitest';
import { refillMonth, refillPreview } from '../../../main/host/handlers/refill-preview.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();
const DRAFT = { threshold: 500, amount: 2000, maxPerDay: 3, monthlyLimit: null };
/** 30 days left of the local month, nothing refilled in it yet, and a 30-day month after it. */
const MONTH = { hoursLeft: 24 * 30, refilled: 0, nextMonthHours: 24 * 30 };

describe("auto-refill preview of a draft, at today's burn", () => {
  it.each([
    ['GPU M burning', DRAFT, 180, MONTH, "Below 500 credits, add 2,000 credits ($20.00) — at today's burn that is about every 11 hours.", 11.1, null],
    ['a daily cap that cannot keep up', { ...DRAFT, maxPerDay: 1 }, 180, MONTH, /about every 11 hours/, 11.1, /needs about 3 refills a day, but the cap is 1/],
    [
      "a monthly limit below the rest of the month's burn",
      { ...DRAFT, monthlyLimit: 50_000 },
      180,
      MONTH,
      /about every 11 hours/,
      11.1,
      /rest of this month needs about 129,600 credits \(\$1,296\.00\) of refills, but the 50,000-credit monthly limit leaves 50,000 credits \(\$500\.00\): /,
    ],
    [
      'refills already made this month count against the limit',
      { ...DRAFT, monthlyLimit: 50_000 },
      180,
      { ...MONTH, hoursLeft: 24 * 10, refilled: 40_000 },
      /every 11 hours/,
      11.1,
      /rest of this month needs about 43,200 credits .* leaves 10,000 credits \(\$100\.00\) after the 40,000 credits \(\$400\.00\) already refilled/,
    ],
    [
      'the last day fits, a whole month does not',
      { ...DRAFT, monthlyLimit: 50_000 },
      180,
      { ...MONTH, hoursLeft: 24 },
      /every 11 hours/,
      11.1,
      /a whole month needs about 129,600 credits \(\$1,296\.00\) of refills, above the 50,000-credit monthly limit/,
    ],
    [
      'refills come whole: a 3,000 limit has room for one 2,000 refill, not 3,000 credits',
      { ...DRAFT, monthlyLimit: 3_000 },
      180,
      { ...MONTH, hoursLeft: 12 },
      /every 11 hours/,
      11.1,
      /rest of this month needs about 2,160 credits .* leaves 2,000 credits \(\$20\.00\)/,
    ],
    ['a monthly limit that keeps up', { ...DRAFT, monthlyLimit: 130_000 }, 180, MONTH, /every 11 hours/, 11.1, null],
    [
      'a refill smaller than an hour',
      { ...DRAFT, amount: 100, maxPerDay: 24 },
      180,
      MONTH,
      /more often than every hour/,
      0.6,
      /about 44 refills a day, but the cap is 24/,
    ],
    ['days between refills', { ...DRAFT, amount: 10_000 }, 60, MONTH, /about every 6 days 23 hours/, 166.7, null],
    ['nothing burning', DRAFT, 0, MONTH, /Nothing is burning credits right now/, null, null],
    ['auto-refill off', { ...DRAFT, enabled: false }, 180, MONTH, /Auto-refill is off/, null, null],
  ] as const)('%s', (_what, draft, burn, month, text, everyHours, warning) => {
    const p = refillPreview(draft, burn, month);
    if (typeof text === 'string') expect(p.text).toBe(text);
    else expect(p.text).toMatch(text);
    expect(p.everyHours).toBe(everyHours);
    if (warning === null) expect(p.warning).toBeNull();
    else expect(p.warning).toMatch(warning);
  });

  it.each([
    ['two hours before April in Berlin', '2026-03-31T20:00:00Z', 'Europe/Berlin', 2, 720],
    ['just after April began in Berlin (still March in UTC)', '2026-03-31T23:00:00Z', 'Europe/Berlin', 719, 744],
    ['the same instant in UTC', '2026-03-31T23:00:00Z', 'UTC', 1, 720],
    ['a whole March in Berlin is an hour short (DST)', '2026-02-28T23:00:00Z', 'Europe/Berlin', 743, 720],
  ])('the monthly limit counts in the local calendar month: %s', (_what, now, tz, hoursLeft, nextMonthHours) => {
    expect(refillMonth(Date.parse(now), tz, 7)).toEqual({ hoursLeft, refilled: 7, nextMonthHours });
  });

  it("answers from the engine's burn once a deployment runs (no forecast walk), in the calendar month, and changes nothing", async () => {
    const { engine, insights } = fx.services();
    await fx.call('settings/update', { timeZone: 'UTC' });
    await engine.createCoupon({ code: 'RUN', credits: 5000 });
    await engine.redeemCoupon('RUN');
    const d = await engine.createDeployment({ name: 'chat', model: 'm', paramsB: 70, precision: 'awq', tier: 'M' });
    await engine.startDeployment(d.id);
    const before = await fx.call('payments/getAutoRefill', {});
    const forecast = vi.spyOn(insights, 'forecast');
    expect(await fx.call('payments/refillPreview', DRAFT)).toMatchObject({ result: { everyHours: 11.1, refillsPerDay: 2.2, warning: null } });
    // 3 March 09:00 UTC: 687 hours of March are left, at 180 credits an hour (not 30 days' 129,600).
    expect(await fx.call('payments/refillPreview', { ...DRAFT, monthlyLimit: 100_000 })).toMatchObject({
      result: { warning: expect.stringMatching(/rest of this month needs about 123,660 credits/) },
    });
    expect(forecast).not.toHaveBeenCalled();
    expect(await fx.call('payments/getAutoRefill', {})).toEqual(before);
  });

  it('refuses a monthly limit below one refill, with the words saving uses, unless the draft is off', async () => {
    expect(() => refillPreview({ ...DRAFT, monthlyLimit: 1_500 }, 180, MONTH)).toThrow(/below one refill: no refill could ever run/);
    expect(refillPreview({ ...DRAFT, monthlyLimit: 1_500, enabled: false }, 180, MONTH).text).toMatch(/Auto-refill is off/);
    expect(await fx.call('payments/refillPreview', { ...DRAFT, monthlyLimit: 1_500 })).toMatchObject({
      error: { code: 'invalid_setting', message: expect.stringMatching(/below one refill/) },
    });
  });

  it.each([
    [{ ...DRAFT, amount: 50 }],
    [{ ...DRAFT, amount: 20.5 }],
    [{ ...DRAFT, threshold: 0 }],
    [{ ...DRAFT, maxPerDay: 25 }],
    [{ ...DRAFT, monthlyLimit: 10 }],
    [{ threshold: 500, amount: 2000 }],
  ])('refuses %j like saving would', async (input) => {
    expect(await fx.call('payments/refillPreview', input)).toMatchObject({ error: { code: 'invalid_input' } });
  });
});
