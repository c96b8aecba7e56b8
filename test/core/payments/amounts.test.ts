import { describe, expect, it } from 'vitest';
import { packCredits, purchaseCredits, usdToCents, usdToCredits } from '../../../main/core/payments/amounts.js';
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
    ['1,000', 100_000], ['$1,234.5', 123_450], ['5,005', 500_500],
  ])('custom $%s is %i credits', (usd, credits) => {
    expect(usdToCredits(usd)).toBe(credits);
  });

  it.each([
    ['0', /at least \$1\.00/], ['0.99', /at least \$1\.00/], ['5.005', /whole cents/], ['-1', /positive/], ['1e3', /dollar amount/],
    ['NaN', /dollar amount/], ['text', /dollar amount/], ['10000.01', /at most \$10,000\.00/], ['', /dollar amount/], ['Infinity', /dollar amount/],
    ['1,00', /use a dot for cents/], ['5,50', /use a dot for cents/], ['5,5', /use a dot for cents/], ['1,0,0', /only separate thousands/],
    ['10,00.00', /only separate thousands/], [',100', /only separate thousands/], ['100,', /only separate thousands/], ['1,0000', /only separate thousands/],
    ['1,000.005', /whole cents/],
  ])('custom %j is refused (%s)', (usd, reason) => {
    expect(() => usdToCredits(usd)).toThrow(reason);
  });

  it.each([
    ['1,00', /use a dot for cents/], ['1,0,0', /only separate thousands/], ['2,500', null],
  ])('a monthly limit %j is read with the same comma rule (%s)', (usd, reason) => {
    if (reason) expect(() => usdToCents(usd, '--monthly-limit-usd')).toThrow(reason);
    else expect(usdToCents(usd, '--monthly-limit-usd')).toBe(250_000);
  });

  it('takes exactly one of a pack or an amount', () => {
    expect(purchaseCredits({ usd: '3.21' })).toBe(321);
    expect(() => purchaseCredits({})).toThrow(RefusedError);
    expect(() => purchaseCredits({ pack: '5', usd: '5' })).toThrow(/not both/);
  });
});
