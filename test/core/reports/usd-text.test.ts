import { describe, expect, it } from 'vitest';
import { creditsToUsdString } from '../../../main/core/money.js';
import { usdText } from '../../../main/core/reports/usd-text.js';

describe('usdText', () => {
  it.each([0, 1, 5, 9, 10, 99, 100, 101, 12_345, 1_000_000, -1, -5, -99, -100, -12_345, -1_000_001, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])(
    '%i credits print as creditsToUsdString does',
    (credits) => {
      expect(usdText(credits)).toBe(creditsToUsdString(credits));
      expect(usdText(credits)).toMatch(/^-?\d+\.\d{2}$/);
    },
  );
});
