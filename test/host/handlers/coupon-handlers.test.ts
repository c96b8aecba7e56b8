import { describe, expect, it } from 'vitest';
import { useHandlerServices } from '../../support/handler-fixture.js';

// The coupon operations the CLI's `coupon` commands call through the door (issue 11: one door), as every host meets them.
describe('coupons through the handler table', () => {
  const h = useHandlerServices('2026-03-02T09:00:00Z');

  it('coupons/create answers the coupon; coupons/list shows it with its redemptions; coupons/redeem counts', async () => {
    expect(await h.call('coupons/create', { code: 'spring', credits: 500, expiresAt: '2026-04-01T00:00:00Z', maxRedemptions: 3 })).toEqual({
      result: { code: 'SPRING', credits: 500, expiresAt: '2026-04-01T00:00:00.000Z', maxRedemptions: 3, redemptions: 0 },
    });
    expect(await h.call('coupons/create', { code: 'PLAIN', credits: 100 })).toMatchObject({ result: { expiresAt: null, maxRedemptions: null } });
    expect(await h.call('coupons/redeem', { code: 'Spring' })).toMatchObject({ result: { entry: { reference: 'SPRING', credits: 500 }, balance: 500 } });
    const list = (await h.call('coupons/list', {})) as { result: { code: string; redemptions: number }[] };
    expect(list.result.map((c) => [c.code, c.redemptions]).sort()).toEqual([
      ['PLAIN', 0],
      ['SPRING', 1],
    ]);
  });

  // The rules are the core's (coupons.ts): the handler's schema bounds only types and sizes, so every host gets the core's codes.
  it.each([
    ['coupons/create', { code: 'NEG', credits: -5 }, 'invalid_credits'],
    ['coupons/create', { code: 'FRAC', credits: 1.5 }, 'invalid_credits'],
    ['coupons/create', { code: 'FREE\u0007', credits: 5 }, 'invalid_coupon_code'],
    ['coupons/create', { code: 'OLD', credits: 5, expiresAt: '2020-01-01T00:00:00Z' }, 'coupon_expired'],
    ['coupons/create', { code: 'ZERO', credits: 5, maxRedemptions: 0 }, 'invalid_max_redemptions'],
    ['coupons/create', { code: 'BAD', credits: 5, expiresAt: '2026-13-45' }, 'invalid_input'],
    ['coupons/redeem', { code: '   ' }, 'invalid_coupon_code'],
    ['coupons/redeem', { code: 'X'.repeat(65) }, 'invalid_coupon_code'],
    ['coupons/redeem', { code: 'NOPE' }, 'unknown_coupon'],
    ['coupons/import', { text: 'WELCOME,500\n', fileName: 'c.csv' }, 'invalid_file'],
    ['coupons/import', { text: '{"code":"A"}', fileName: 'c.json' }, 'invalid_file'],
  ])('%s %j is refused with %s and creates nothing', async (channel, input, code) => {
    expect(await h.call(channel, input)).toMatchObject({ error: { code } });
    expect(await h.call('coupons/list', {})).toEqual({ result: [] });
  });

  it('coupons/import reads CSV or JSON text by the file name, and reports each rejected row', async () => {
    const csv = await h.call('coupons/import', { text: 'Code, Credits ,expiresAt\nWELCOME,500,\nSHORT\nOLD,100,2026-01-01\n', fileName: '/tmp/c.csv' });
    expect(csv).toMatchObject({
      result: {
        created: ['WELCOME'],
        rejected: [
          { row: 2, code: null },
          { row: 3, code: 'OLD' },
        ],
      },
    });
    const json = await h.call('coupons/import', { text: JSON.stringify([{ code: 'J1', credits: 10 }, 7]), fileName: 'c.json' });
    expect(json).toMatchObject({ result: { created: ['J1'], rejected: [{ row: 2, code: null }] } });
    // The file's name is in the refusal as the host gave it.
    expect(await h.call('coupons/import', { text: 'WELCOME,500\n', fileName: '/tmp/x/c.csv' })).toMatchObject({
      error: { message: expect.stringMatching(/^\/tmp\/x\/c\.csv needs a header line/) },
    });
  });
});
