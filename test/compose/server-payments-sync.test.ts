import { describe, expect, it } from 'vitest';
import { paymentsSyncDue, WAITING_SYNC_EVERY_MS } from '../../main/compose/server-payments-sync.js';
import { PAYMENTS_SYNC_EVERY_MS } from '../../main/host/handlers/payments-sync-schedule.js';

const NOW = 10 * PAYMENTS_SYNC_EVERY_MS;

/** An org's payments as the sync rule sees them. */
function org(o: { account?: boolean; pageOpen?: boolean; unknown?: number; action?: number }) {
  return {
    hasAccount: () => o.account ?? true,
    waiting: () => ({ browserPageOpen: o.pageOpen ?? false, outcomeUnknown: o.unknown ?? 0, awaitingAction: o.action ?? 0 }),
  };
}

describe("when the server syncs an org's payments (per org, under the scheduler's lease)", () => {
  it.each([
    { why: 'never synced since this process took the lease', o: {}, lastAt: undefined, due: true },
    { why: 'synced a moment ago, nothing waits', o: {}, lastAt: NOW - 1_000, due: false },
    { why: 'the period has passed', o: {}, lastAt: NOW - PAYMENTS_SYNC_EVERY_MS, due: true },
    { why: 'the wall clock went back', o: {}, lastAt: NOW + 60_000, due: true },
    { why: 'a Checkout or card page is open: every tick', o: { pageOpen: true }, lastAt: NOW - 1, due: true },
    { why: 'a payment whose outcome is unknown, a minute on', o: { unknown: 1 }, lastAt: NOW - WAITING_SYNC_EVERY_MS, due: true },
    { why: 'a payment whose outcome is unknown, seconds on', o: { unknown: 1 }, lastAt: NOW - 5_000, due: false },
    { why: 'a payment waiting for the card holder, a minute on', o: { action: 1 }, lastAt: NOW - WAITING_SYNC_EVERY_MS, due: true },
    { why: 'no customer and nothing waiting: Stripe has nothing of ours', o: { account: false }, lastAt: undefined, due: false },
    { why: 'no customer yet, but a payment left pending by a crash', o: { account: false, unknown: 1 }, lastAt: undefined, due: true },
  ])('$why: due $due', ({ o, lastAt, due }) => {
    expect(paymentsSyncDue(org(o), lastAt, NOW)).toBe(due);
  });
});
