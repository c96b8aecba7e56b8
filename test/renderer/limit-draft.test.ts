import { describe, expect, it } from 'vitest';
import { checkLimit, toDrafts } from '../../renderer/src/features/alerts/limit-draft';

describe('per-deployment spend limits as typed', () => {
  it.each([
    ['5000', '24', { credits: 5000, windowHours: 24 }],
    [' 12 ', '1', { credits: 12, windowHours: 1 }],
    ['1000000000', '744', { credits: 1_000_000_000, windowHours: 744 }],
  ])('accepts %s credits in %s h', (credits, windowHours, limit) => {
    expect(checkLimit({ deploymentId: 3, credits, windowHours })).toEqual({ ok: true, limit: { deploymentId: 3, ...limit } });
  });

  it.each([
    ['abc', '24', 'credits', /credit limit is a whole number/],
    ['', '24', 'credits', /Enter the credit limit/],
    ['0', '24', 'credits', /credit limit is 1–1,000,000,000/],
    ['1e3', '24', 'credits', /whole number/],
    ['5.5', '24', 'credits', /whole number/],
    ['-5', '24', 'credits', /whole number/],
    ['5000', '', 'windowHours', /Enter the number of hours/],
    ['5000', 'x', 'windowHours', /number of hours is a whole number/],
    ['5000', '745', 'windowHours', /number of hours is 1–744/],
  ])('refuses %s credits in %s h in the field %s with a message, never NaN or 0', (credits, windowHours, field, message) => {
    const r = checkLimit({ deploymentId: 3, credits, windowHours });
    expect(r).toEqual({ ok: false, field, message: expect.stringMatching(message) });
  });

  it('turns saved limits into the text the fields show', () => {
    expect(toDrafts([{ deploymentId: 1, credits: 5000, windowHours: 24 }])).toEqual([{ deploymentId: 1, credits: '5000', windowHours: '24' }]);
  });
});
