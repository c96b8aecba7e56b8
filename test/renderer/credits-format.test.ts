import { describe, expect, it } from 'vitest';
import { formatCredits, formatCreditsOnly, formatSignedCredits, formatUsd } from '../../renderer/src/format/credits';

describe('credit formatting', () => {
  it('shows credits first and dollars beside', () => {
    expect(formatCredits(12345)).toBe('12,345 credits · $123.45');
    expect(formatCredits(0)).toBe('0 credits · $0.00');
  });
  it('formats dollars from integer cents without float drift', () => {
    expect(formatUsd(5)).toBe('$0.05');
    expect(formatUsd(100)).toBe('$1.00');
    expect(formatUsd(1_000_000_07)).toBe('$1,000,000.07');
    expect(formatUsd(-50)).toBe('-$0.50');
  });
  it('uses the singular for one credit', () => {
    expect(formatCreditsOnly(1)).toBe('1 credit');
    expect(formatCreditsOnly(2000)).toBe('2,000 credits');
  });
  it('signs ledger changes with a true minus', () => {
    expect(formatSignedCredits(2000)).toBe('+2,000');
    expect(formatSignedCredits(-350)).toBe('\u2212350');
    expect(formatSignedCredits(0)).toBe('0');
  });
});
