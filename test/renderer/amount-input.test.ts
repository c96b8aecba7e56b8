import { describe, expect, it } from 'vitest';
import { checkCustomAmount } from '../../renderer/src/format/amount-input';

describe('custom amount as you type', () => {
  it('parses dollars into whole credits (cents)', () => {
    expect(checkCustomAmount('25')).toEqual({ ok: true, credits: 2500, usd: '25' });
    expect(checkCustomAmount('12.5')).toEqual({ ok: true, credits: 1250, usd: '12.5' });
    expect(checkCustomAmount('$1,000.01')).toEqual({ ok: true, credits: 100001, usd: '1000.01' });
    expect(checkCustomAmount(' 1.00 ')).toEqual({ ok: true, credits: 100, usd: '1.00' });
    expect(checkCustomAmount('10000')).toEqual({ ok: true, credits: 1_000_000, usd: '10000' });
  });
  it('says "minimum $1.00" below the minimum', () => {
    for (const t of ['0', '0.99', '0.5']) expect(checkCustomAmount(t)).toEqual({ ok: false, message: 'Minimum $1.00' });
  });
  it('says "whole cents" for fractions of a cent', () => {
    expect(checkCustomAmount('5.005')).toMatchObject({ ok: false, message: expect.stringMatching(/^Whole cents/) });
  });
  it('refuses the maximum, text, exponents and negatives', () => {
    expect(checkCustomAmount('10000.01')).toMatchObject({ ok: false, message: expect.stringMatching(/Maximum \$10,000\.00/) });
    expect(checkCustomAmount('99999999')).toMatchObject({ ok: false, message: expect.stringMatching(/Maximum/) });
    for (const t of ['1e3', '-5', 'abc', 'NaN', '5.', '.']) {
      const r = checkCustomAmount(t);
      if (t === '5.') expect(r).toMatchObject({ ok: true, credits: 500 });
      else expect(r.ok).toBe(false);
    }
  });
  it('asks for an amount when empty', () => {
    expect(checkCustomAmount('')).toMatchObject({ ok: false, message: expect.stringMatching(/minimum \$1\.00/) });
  });
});
