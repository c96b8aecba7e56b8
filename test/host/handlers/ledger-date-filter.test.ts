import { describe, expect, it } from 'vitest';
import type { SimulatedClock } from '../../../main/core/clock.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices('2025-03-03T09:00:00Z');

/** Two coupons redeemed either side of midnight in New York (UTC−5): 22:00 on the 3rd and 01:00 on the 4th, local. */
async function redeemAroundMidnight(): Promise<void> {
  const { engine } = fx.services();
  const clock = engine.clock as SimulatedClock;
  await fx.call('settings/update', { timeZone: 'America/New_York' });
  for (const [code, at] of [
    ['LATE', '2025-03-04T03:00:00Z'],
    ['EARLY', '2025-03-04T06:00:00Z'],
  ] as const) {
    clock.set(Date.parse(at));
    await engine.createCoupon({ code, credits: 100 });
    await engine.redeemCoupon(code);
  }
}

/** References of the entries a page lists (the coupon codes), oldest first. */
async function codes(input: object): Promise<string[]> {
  const r = await fx.call('ledger/page', input);
  if (!('result' in r)) throw new Error(JSON.stringify(r));
  return (r.result as { entries: { description: string }[] }).entries.map((e) => /LATE|EARLY/.exec(e.description)?.[0] ?? e.description).reverse();
}

describe('ledger/page by local day (the Settings zone, as the rows are shown)', () => {
  it.each([
    [{ fromDate: '2025-03-03', toDate: '2025-03-03' }, ['LATE']],
    [{ fromDate: '2025-03-04', toDate: '2025-03-04' }, ['EARLY']],
    [{ fromDate: '2025-03-04' }, ['EARLY']],
    [{ toDate: '2025-03-03' }, ['LATE']],
    [{ fromDate: '2025-03-03', toDate: '2025-03-04' }, ['LATE', 'EARLY']],
    // The same days read in UTC would put both on the 4th: instants still work as before.
    [{ from: '2025-03-04T00:00:00Z', to: '2025-03-05T00:00:00Z' }, ['LATE', 'EARLY']],
  ])('%j lists %j', async (input, expected) => {
    await redeemAroundMidnight();
    expect(await codes(input)).toEqual(expected);
  });

  it.each([
    [{ fromDate: '3/3/2025' }, 'invalid_input'],
    [{ fromDate: '2025-02-30' }, 'invalid_date'],
    [{ fromDate: '2025-03-05', toDate: '2025-03-04' }, 'invalid_range'],
    [{ fromDate: '2025-03-04', to: '2025-03-05T00:00:00Z' }, 'invalid_option'],
  ])('refuses %j (%s)', async (input, code) => {
    await redeemAroundMidnight();
    expect(await fx.call('ledger/page', input)).toMatchObject({ error: { code } });
  });
});
