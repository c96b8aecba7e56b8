import { describe, expect, it } from 'vitest';
import { packCredits, purchaseCredits, readPurchaseUsd, readUsd, usdToCents, usdToCredits } from '../../../main/core/payments/amounts.js';
import { RefusedError } from '../../../main/core/errors.js';

describe('purchase amounts (SPEC: packs; custom amounts are whole cents, $1.00–$10,000.00)', () => {
  it.each([
    ['5', 500],
    ['10', 1000],
    ['20', 2000],
    ['50', 5000],
    ['100', 10_000],
  ])('pack $%s buys %i credits', (pack, credits) => {
    expect(packCredits(pack)).toBe(credits);
  });

  it.each(['0', '3', '25', 'five', '5.0', ''])('pack %j does not exist', (pack) => {
    expect(() => packCredits(pack)).toThrow(RefusedError);
  });

  it('takes exactly one of credits, a pack or an amount', () => {
    expect(purchaseCredits({ usd: '3.21' })).toBe(321);
    expect(purchaseCredits({ credits: 2000 })).toBe(2000);
    expect(() => purchaseCredits({ credits: 99 })).toThrow(/at least \$1\.00/);
    expect(() => purchaseCredits({ credits: 12.5 })).toThrow(/whole credits/);
    expect(() => purchaseCredits({})).toThrow(RefusedError);
    expect(() => purchaseCredits({ pack: '5', usd: '5' })).toThrow(/not both/);
    expect(() => purchaseCredits({ credits: 500, usd: '5' })).toThrow(/not both/);
  });
});

/**
 * The one money parser (issue 10: "7,50" bought $750.00). Every form a person
 * might type, with what it must become: whole credits (= cents), or a refusal
 * whose words say what to write instead. A comma is never dropped.
 */
const TABLE: [input: unknown, expected: number | RegExp][] = [
  // Accepted: plain dollars, at most two decimals, an optional leading $, and thousands only as 1,000.00.
  ['25', 2500],
  ['25.5', 2550],
  ['25.50', 2550],
  ['$12.34', 1234],
  ['$ 12.34', 1234],
  [' 7.07 ', 707],
  ['0.99', 99],
  ['007.50', 750],
  ['10000', 1_000_000],
  ['1,000.00', 100_000],
  ['10,000.00', 1_000_000],
  ['$1,234.50', 123_450],
  ['1,234,567.89', 123_456_789],
  ['0', 0],
  // The comma: refused with "use a dot for cents", never silently dropped.
  ['7,50', /use a dot for cents: write 7\.50/],
  ['7,5', /use a dot for cents: write 7\.50/],
  ['1,00', /use a dot for cents: write 1\.00/],
  ['1.000,00', /use a dot for cents: write 1000\.00/],
  ['1,000', /use a dot for cents; a comma is read only between thousands with cents, as in 1,000\.00/],
  ['5,005', /use a dot for cents/],
  ['1,0,0', /use a dot for cents/],
  ['1,000.5', /use a dot for cents/],
  [',50', /use a dot for cents/],
  ['100,', /use a dot for cents/],
  ['1,0000.00', /use a dot for cents/],
  // Locale thousands with dots and spaces.
  ['1.000', /whole cents only/],
  ['1.000.000', /use a dot only for cents/],
  ['1 000', /leave out the spaces/],
  ['1\u00a0000,00', /leave out the spaces/],
  ['1\u202f000', /leave out the spaces/],
  // Fractions of a cent.
  ['7.505', /whole cents only: at most two digits after the dot/],
  ['1,000.005', /whole cents only/],
  ['.5', /write a digit before the dot: 0\.5/],
  ['25.', /write the cents after the dot, or leave the dot out: 25/],
  // Signs, exponents, non-numbers.
  ['+25', /leave out the \+: write 25/],
  ['-5', /must be positive/],
  ['-$5', /must be positive/],
  ['1e3', /plain digits, not as an exponent/],
  ['2.5E2', /plain digits, not as an exponent/],
  ['NaN', /enter an amount in dollars/],
  ['Infinity', /enter an amount in dollars/],
  ['0x10', /enter an amount in dollars/],
  ['ten', /enter an amount in dollars/],
  ['5\u0007', /enter an amount in dollars/],
  ['', /enter an amount in dollars/],
  ['   ', /enter an amount in dollars/],
  [null, /enter an amount in dollars/],
  [25, /enter an amount in dollars/],
  // Other currencies and scripts.
  ['€25', /amounts are in US dollars/],
  ['25 €', /amounts are in US dollars/],
  ['£5', /amounts are in US dollars/],
  ['25$', /amounts are in US dollars/],
  ['EUR 25', /amounts are in US dollars/],
  ['25 USD', /amounts are in US dollars/],
  ['\uff12\uff15', /use the digits 0–9/],
  ['\u0662\u0665', /use the digits 0–9/],
  ['\u096a', /use the digits 0–9/],
  // Huge.
  ['9999999999999', /far too large/],
  ['1'.repeat(41), /not an amount/],
];

describe('readUsd: the one parser of a typed dollar amount', () => {
  it('has a table of at least 30 forms', () => expect(TABLE.length).toBeGreaterThanOrEqual(30));

  it.each(TABLE)('%j → %s', (input, expected) => {
    const r = readUsd(input);
    if (typeof expected === 'number') expect(r).toEqual({ ok: true, credits: expected });
    else {
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(expected);
    }
  });

  it('never drops a comma: no input with a comma reads as the same digits without it, unless it is exactly 1,000.00-shaped', () => {
    for (const [input] of TABLE) {
      if (typeof input !== 'string' || !input.includes(',')) continue;
      const r = readUsd(input);
      if (r.ok) expect(input).toMatch(/^\$?\d{1,3}(,\d{3})+\.\d{2}$/);
    }
  });
});

describe('usdToCents / usdToCredits: the parser for callers that refuse', () => {
  it('names the field and quotes the text', () => {
    expect(() => usdToCents('7,50', '--usd')).toThrow("--usd '7,50': use a dot for cents: write 7.50");
    expect(() => usdToCents('7,50', '--usd')).toThrow(RefusedError);
  });

  it('makes control and bidi characters visible in the quote', () => {
    expect(() => usdToCents('5\u001b[2J\u202e', '--usd')).toThrow("--usd '5?[2J?'");
  });

  it.each([
    ['0', /at least \$1\.00/],
    ['0.99', /at least \$1\.00/],
    ['10000.01', /at most \$10,000\.00/],
    ['7,50', /use a dot for cents/],
  ])('a purchase of %j is refused (%s)', (usd, reason) => {
    expect(() => usdToCredits(usd)).toThrow(reason);
  });

  it.each([
    ['1', 100],
    ['10,000.00', 1_000_000],
    ['7.50', 750],
  ])('a purchase of %j is %i credits', (usd, credits) => {
    expect(usdToCredits(usd)).toBe(credits);
  });
});

describe('readPurchaseUsd: what the app shows beside the custom amount', () => {
  it.each([
    ['7,50', { ok: false, reason: 'Use a dot for cents: write 7.50' }],
    ['0.5', { ok: false, reason: 'Minimum $1.00' }],
    ['10000.01', { ok: false, reason: 'Maximum $10,000.00 per purchase' }],
    ['5.005', { ok: false, reason: 'Whole cents only: at most two digits after the dot' }],
    ['20', { ok: true, credits: 2000 }],
  ])('%j → %j', (text, expected) => {
    expect(readPurchaseUsd(text)).toEqual(expected);
  });
});
