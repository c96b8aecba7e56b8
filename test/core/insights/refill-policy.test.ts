import { afterEach, describe, expect, it } from 'vitest';
import { writeRefillSettings } from '../../../main/core/payments/refill-store.js';
import type { Services } from '../../../main/core/services.js';
import { credit, memoryServices, startDeployment } from '../schedules/services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('runway follows the auto-refill settings', () => {
  it.each([
    ['off', false, 3, 2.5],
    ['on, below 500 add 2,000, 3 a day', true, 3, 20.5],
    ['on, 1 a day', true, 1, 8.5],
  ])('refill %s', async (_label, enabled, maxPerDay, hours) => {
    const { s, clock } = await memoryServices('2026-03-02T09:00:00Z');
    open = s;
    await credit(s, 1350);
    await startDeployment(s, { tier: 'L' }); // 1,000 left; next charges at 10:00, 11:00, …
    writeRefillSettings(s.engine.db, {
      enabled,
      thresholdCredits: 500,
      amountCredits: 2000,
      cardId: null,
      maxPerDay,
      monthlyLimitCredits: null,
    });
    clock.advance(30 * 60_000);
    expect(s.insights.runway()?.hours).toBe(hours);
  });
});
