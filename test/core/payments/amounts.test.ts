import { describe, expect, it } from 'vitest';
import { packCredits, purchaseCredits, usdToCredits } from '../../../main/core/payments/amounts.js';
import { RefusedError } from '../../../main/core/errors.js';

describe('purchase amounts (SPEC: packs; custom amounts are whole cents, $1.00–$10,000.00)', () => {
  it.each([
    ['5', 500], ['10', 1000], ['20', 2000], ['50', 5000], ['100', 10_000],
  ])('pack $%s buys %i credits', (pack, credits) => {
    expect(packCredits(pack)).toBe(credits);
  });

  it.each(['0', '3', '25', 'five', '5.0', ''])('pack %j does not exist', (pack) => {
    expect(() => packCredits(pack)).toThrow(RefusedError);
  });

  it.each([
    ['1', 100], ['1.00', 100], ['25.5', 2550], ['25.50', 2550], ['$12.34', 1234], ['10000', 1_000_000], ['10,000.00', 1_000_000], [' 7.07 ', 707],
  ])('custom $%s is %i credits', (usd, credits) => {
    expect(usdToCredits(usd)).toBe(credits);
  });

  it.each([
    ['0', /at least \$1\.00/], ['0.99', /at least \$1\.00/], ['5.005', /whole cents/], ['-1', /positive/], ['1e3', /dollar amount/],
    ['NaN', /dollar amount/], ['text', /dollar amount/], ['10000.01', /at most \$10,000\.00/], ['', /dollar amount/], ['Infinity', /dollar amount/],
  ])('custom %j is refused (%s)', (usd, reason) => {
    expect(() => usdToCredits(usd)).toThrow(reason);
  });

  it('takes exactly one of a pack or an amount', () => {
    expect(purchaseCredits({ usd: '3.21' })).toBe(321);
    expect(() => purchaseCredits({})).toThrow(RefusedError);
    expect(() => purchaseCredits({ pack: '5', usd: '5' })).toThrow(/not both/);
  });
});
