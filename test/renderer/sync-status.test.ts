import { describe, expect, it } from 'vitest';
import { paymentsSyncLine } from '../../renderer/src/features/settings/sync-status';

describe('the background payments sync, as Settings says it', () => {
  it.each([
    { what: 'before the first sync', lastSync: { at: null, error: null }, text: /in the background every 15 minutes/, problem: false },
    {
      what: 'after a sync that went through',
      lastSync: { at: '2026-03-02T09:00:00.000Z', error: null },
      text: /^Last checked Stripe .* at 2 Mar 2026, 10:00\.$/,
      problem: false,
    },
    {
      what: 'after a failed one, with the reason',
      lastSync: { at: '2026-03-02T09:00:00.000Z', error: 'Stripe did not answer' },
      text: /at 2 Mar 2026, 10:00 failed: Stripe did not answer\. .*Sync on the Billing page/,
      problem: true,
    },
  ])('$what', ({ lastSync, text, problem }) => {
    const line = paymentsSyncLine(lastSync, 'Europe/Berlin');
    expect(line.text).toMatch(text);
    expect(line.problem).toBe(problem);
  });
});
