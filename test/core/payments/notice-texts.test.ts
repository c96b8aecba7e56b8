import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, SimulatedClock } from '../../../main/core/clock.js';
import {
  autoRefillDisabledText,
  brandName,
  noticeTitle,
  refillCappedText,
  refillFailedText,
  refillSucceededText,
} from '../../../main/core/payments/notice-texts.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { type SandboxHandle, startSandbox } from '../../../main/stripe-sandbox/index.js';
import { tempDir } from '../../support/engine-fixture.js';
import { runDeployment } from './payments-fixture.js';

describe('payment notice texts (UX.md tone; each kind its own short title)', () => {
  it.each([
    ['visa', 'Visa'],
    ['mastercard', 'Mastercard'],
    ['amex', 'Amex'],
    ['VISA', 'Visa'],
    ['cartes_bancaires', 'Cartes_bancaires'],
  ])('brand %s is written %s', (brand, name) => {
    expect(brandName(brand)).toBe(name);
  });

  it.each([
    ['refill_succeeded', { credits: 2000 }, 'Auto-refill added 2,000 credits ($20.00)'],
    ['refill_succeeded', {}, 'Auto-refill succeeded'],
    ['refill_failed', { reason: 'Your card was declined.' }, 'Auto-refill failed'],
    ['refill_capped', { cap: 'per_day' }, 'Auto-refill skipped: daily cap reached'],
    ['refill_capped', { cap: 'monthly' }, 'Auto-refill skipped: monthly limit reached'],
    ['refill_needs_action', {}, 'Auto-refill needs your confirmation'],
    ['auto_refill_disabled', { failures: 3 }, 'Auto-refill turned off'],
    ['auto_refill_disabled', { reason: 'no_card' }, 'Auto-refill turned off: no saved card'],
    ['reconciliation', { shortfall: 500 }, 'Refund larger than the balance'],
  ])('%s %j is titled %j', (kind, data, title) => {
    expect(noticeTitle(kind, data)).toBe(title);
  });

  it.each([
    [refillSucceededText(2000, 'visa', '4242'), 'Auto-refill added 2,000 credits ($20.00) — Visa ••4242.'],
    [refillSucceededText(500, null, null), 'Auto-refill added 500 credits ($5.00).'],
    [refillFailedText('Your card has insufficient funds.'), 'Auto-refill failed: your card has insufficient funds.'],
    [refillFailedText('no saved card to charge'), 'Auto-refill failed: no saved card to charge.'],
    [refillCappedText('per_day', 1, null), 'Auto-refill skipped: the cap is 1 refill per 24 hours, and it was reached.'],
    [refillCappedText('per_day', 3, null), 'Auto-refill skipped: the cap is 3 refills per 24 hours, and it was reached.'],
    [refillCappedText('monthly', 3, 70_000), "Auto-refill skipped: it would pass this month's refill limit of 70,000 credits ($700.00)."],
    [autoRefillDisabledText(3), 'Auto-refill turned off after 3 failed refills in a row. Check the card, then turn it back on.'],
  ])('%j', (text, expected) => {
    expect(text).toBe(expected);
  });
});

describe('payment alerts as the alert list shows them', () => {
  let sandbox: SandboxHandle;
  let s: Services;
  const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
  beforeEach(async () => {
    sandbox = await startSandbox({ dbFile: ':memory:', clock: () => clock.now() });
    s = await openServices({ dataDir: tempDir(), clock, env: { BURNRATE_STRIPE_API: sandbox.url } });
  });
  afterEach(async () => {
    await s.close();
    await sandbox.close();
  });

  it('a refill and a capped refill get whole titles, not a sentence cut at its dash or colon', async () => {
    await s.payments.addCard('pm_card_visa');
    await s.payments.buy({ usd: '6' });
    await s.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000, maxPerDay: 1 });
    await runDeployment(s.engine, 'L'); // 600 → 250: refill → 2,250
    clock.advance(6 * HOUR_MS + 1); // down to 150: capped
    await s.engine.settle();
    const alerts = s.alerts.list({ kinds: ['refill_succeeded', 'refill_capped'] }).map((a) => [a.title, a.message]);
    expect(alerts).toEqual([
      ['Auto-refill skipped: daily cap reached', 'Auto-refill skipped: the cap is 1 refill per 24 hours, and it was reached.'],
      ['Auto-refill added 2,000 credits ($20.00)', 'Auto-refill added 2,000 credits ($20.00) — Visa ••4242.'],
    ]);
  });

  it('a refill the bank wants confirmed raises one alert, and it is the actionable one', async () => {
    await s.payments.addCard('pm_card_authenticationRequired');
    await s.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    await s.engine.settle();
    expect(
      s.alerts
        .list()
        .filter((a) => a.kind.startsWith('refill'))
        .map((a) => [a.kind, a.title, a.actions.map((x) => x.label)]),
    ).toEqual([['refill_needs_action', 'Auto-refill needs your confirmation', ['Confirm payment']]]);
  });
});
