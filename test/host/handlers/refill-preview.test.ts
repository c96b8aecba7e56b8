import { describe, expect, it } from 'vitest';
import { refillPreview } from '../../../main/host/handlers/refill-preview.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();
const DRAFT = { threshold: 500, amount: 2000, maxPerDay: 3, monthlyLimit: null };

describe('auto-refill preview of a draft, at today\'s burn', () => {
  it.each([
    ['GPU M burning', DRAFT, 180, "Below 500 credits, add 2,000 credits ($20.00) — at today's burn that is about every 11 hours.", 11.1, null],
    ['a daily cap that cannot keep up', { ...DRAFT, maxPerDay: 1 }, 180, /about every 11 hours/, 11.1, /needs about 3 refills a day, but the cap is 1/],
    ['a monthly limit below the month\'s burn', { ...DRAFT, monthlyLimit: 50_000 }, 180, /about every 11 hours/, 11.1, /about 129,600 credits \(\$1,296\.00\) a month, above the 50,000-credit monthly limit/],
    ['a refill smaller than an hour', { ...DRAFT, amount: 100, maxPerDay: 24 }, 180, /more often than every hour/, 0.6, /about 44 refills a day, but the cap is 24/],
    ['days between refills', { ...DRAFT, amount: 10_000 }, 60, /about every 6 days 23 hours/, 166.7, null],
    ['nothing burning', DRAFT, 0, /Nothing is burning credits right now/, null, null],
    ['auto-refill off', { ...DRAFT, enabled: false }, 180, /Auto-refill is off/, null, null],
  ] as const)('%s', (_what, draft, burn, text, everyHours, warning) => {
    const p = refillPreview(draft, burn);
    if (typeof text === 'string') expect(p.text).toBe(text);
    else expect(p.text).toMatch(text);
    expect(p.everyHours).toBe(everyHours);
    if (warning === null) expect(p.warning).toBeNull();
    else expect(p.warning).toMatch(warning);
  });

  it('answers from the engine\'s burn once a deployment runs, and changes nothing', async () => {
    const { engine } = fx.services();
    await engine.createCoupon({ code: 'RUN', credits: 5000 });
    await engine.redeemCoupon('RUN');
    const d = await engine.createDeployment({ name: 'chat', model: 'm', paramsB: 70, precision: 'awq', tier: 'M' });
    await engine.startDeployment(d.id);
    const before = await fx.call('payments/getAutoRefill', {});
    expect(await fx.call('payments/refillPreview', DRAFT)).toMatchObject({ result: { everyHours: 11.1, refillsPerDay: 2.2, warning: null } });
    expect(await fx.call('payments/getAutoRefill', {})).toEqual(before);
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
