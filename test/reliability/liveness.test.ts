import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../main/core/clock.js';
import { checkLiveness, type LivenessSnapshot } from './liveness.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');

/** A healthy state: auto-refill on and wanted (balance below 500), nothing paused, no alert open. */
function snapshot(p: Partial<LivenessSnapshot> = {}): LivenessSnapshot {
  return {
    now: NOW,
    timeZone: 'UTC',
    balance: 300,
    refill: { enabled: true, thresholdCredits: 500, amountCredits: 2000, cardId: null, maxPerDay: 3, monthlyLimitCredits: null },
    state: { failures: 0, lastFailureAt: null, needsAction: null, capNotifiedAt: null, cappedAt: null },
    refillInFlight: false,
    counted: [],
    pausedForCredits: [],
    previousSettleAt: NOW - HOUR_MS,
    cardChargeable: true,
    sandboxUp: true,
    openActionAlerts: [],
    deployments: new Map(),
    autoResume: true,
    ...p,
  };
}
const paused = { id: 1, since: NOW - 2 * HOUR_MS, price: 350 };
const capFull = [NOW - 20 * HOUR_MS, NOW - 10 * HOUR_MS, NOW - HOUR_MS].map((at) => ({ at, credits: 2000 }));

describe('the liveness checker reports each property broken on purpose (a check that cannot fail proves nothing)', () => {
  it('a healthy state has no violation', () => {
    expect(checkLiveness(snapshot())).toEqual([]);
  });

  it.each([
    ['L1: paused for credits across a settle while a refill was possible', snapshot({ pausedForCredits: [paused] }), 'L1.'],
    [
      'L2: the cap window reopened 2 h ago and no refill came',
      snapshot({
        counted: [{ at: NOW - 26 * HOUR_MS, credits: 2000 }, ...capFull.slice(1)],
        state: { failures: 0, lastFailureAt: null, needsAction: null, capNotifiedAt: null, cappedAt: NOW - 5 * HOUR_MS },
      }),
      'L2.',
    ],
    [
      'L3: a low-balance alert open with the balance back above its threshold',
      snapshot({ balance: 900, openActionAlerts: [{ id: 7, kind: 'low_balance', deploymentId: null, threshold: 500 }] }),
      'L3.',
    ],
    [
      'L3: a paused-for-credits alert open for a running deployment',
      snapshot({
        openActionAlerts: [{ id: 8, kind: 'paused_for_credits', deploymentId: 1, threshold: null }],
        deployments: new Map([[1, { state: 'running', pausedReason: null }]]),
      }),
      'L3.',
    ],
    [
      'L3: a refill-failed alert open after a refill went through',
      snapshot({ openActionAlerts: [{ id: 9, kind: 'refill_failed', deploymentId: null, threshold: null }] }),
      'L3.',
    ],
  ])('%s', (_label, s, prefix) => {
    const v = checkLiveness(s);
    expect(v).toHaveLength(1);
    expect(v[0]!.startsWith(prefix)).toBe(true);
  });

  it.each([
    ['a cap reached by ledger dates (L1 waits for the reopening)', snapshot({ pausedForCredits: [paused], counted: capFull })],
    ['a paused deployment younger than the previous settle', snapshot({ pausedForCredits: [{ ...paused, since: NOW - 10 }] })],
    ['a declining card', snapshot({ pausedForCredits: [paused], cardChargeable: false })],
    ['the sandbox down', snapshot({ pausedForCredits: [paused], sandboxUp: false })],
    ['refill off', snapshot({ pausedForCredits: [paused], refill: { ...snapshot().refill, enabled: false } })],
    ['a cap that has not reopened yet', snapshot({ counted: capFull, state: { ...snapshot().state, cappedAt: NOW - HOUR_MS / 2 } })],
    ['a low-balance alert still true', snapshot({ balance: 100, openActionAlerts: [{ id: 7, kind: 'low_balance', deploymentId: null, threshold: 500 }] })],
  ])('no violation when the property does not apply: %s', (_label, s) => {
    expect(checkLiveness(s)).toEqual([]);
  });
});
