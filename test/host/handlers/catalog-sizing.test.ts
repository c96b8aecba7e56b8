import { describe, expect, it } from 'vitest';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();

// Default catalog: S 24 GB 60/h, M 48 GB 180/h, L 160 GB 350/h.
describe("catalog/sizing: what fits a model (the create dialog's tier list)", () => {
  it.each([
    [70, 'fp16', 154, ['L'], 'L', { tier: 'M', savingPct: 48, text: '70B AWQ (about 38.5 GB) fits GPU M and costs 48 % less.' }],
    [70, 'awq', 38.5, ['M', 'L'], 'M', null],
    [8, 'fp16', 17.6, ['S', 'M', 'L'], 'S', null],
    [13, 'bf16', 28.6, ['M', 'L'], 'M', { tier: 'S', savingPct: 66, text: '13B AWQ (about 7.2 GB) fits GPU S and costs 66 % less.' }],
    [100, 'fp16', 220, [], null, { tier: 'L', savingPct: null, text: '100B AWQ (about 55 GB) fits GPU L.' }],
  ] as const)('%sB %s needs %s GB; fits %j; cheapest %s', async (paramsB, precision, need, fitting, cheapest, alternative) => {
    const r = await fx.call('catalog/sizing', { paramsB, precision });
    if (!('result' in r)) throw new Error(JSON.stringify(r));
    const s = r.result as {
      memoryNeededGb: number;
      tiers: { code: string; fits: boolean }[];
      cheapestFit: string | null;
      summary: string;
      alternative: object | null;
    };
    expect(s.memoryNeededGb).toBe(need);
    expect(s.tiers.filter((t) => t.fits).map((t) => t.code)).toEqual(fitting);
    expect(s.cheapestFit).toBe(cheapest);
    expect(s.summary).toMatch(cheapest ? new RegExp(`GPU ${cheapest} is the smallest tier that fits`) : /more than any tier has \(GPU L: 160 GB\)/);
    if (alternative === null) expect(s.alternative).toBeNull();
    else expect(s.alternative).toMatchObject({ precision: 'awq', ...alternative });
  });

  it.each([
    [{ paramsB: 0, precision: 'fp16' }],
    [{ paramsB: -7, precision: 'fp16' }],
    [{ paramsB: '70', precision: 'fp16' }],
    [{ paramsB: 70, precision: 'fp8' }],
    [{ paramsB: 70 }],
  ])('refuses %j', async (input) => {
    expect(await fx.call('catalog/sizing', input)).toMatchObject({ error: { code: 'invalid_input' } });
  });
});
