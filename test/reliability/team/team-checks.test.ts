import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../../main/core/clock.js';
import type { KnownDeployment } from './team-client.js';
import { expectedHours, type LedgerRow, purchaseViolations, type RefillRules, refillViolations } from './team-checks.js';

const T = Date.UTC(2031, 0, 6, 9, 0);
const m = (n: number) => T + n * MINUTE_MS;
type Step = [minute: number, to: 'running' | 'paused' | 'stopped'];

/** The month harness's own account of what is owed (from the clients' logs), one SPEC rule a row. */
const CASES: { rule: string; steps: Step[]; settledTo: number; hours: number[] }[] = [
  { rule: 'a start is charged at once for its first hour', steps: [[0, 'running']], settledTo: m(30), hours: [0] },
  { rule: 'then at start + 1 h, + 2 h while it runs', steps: [[0, 'running']], settledTo: m(150), hours: [0, 60, 120] },
  { rule: 'an hour is owed once the clock is past its start, not at it', steps: [[0, 'running']], settledTo: m(120), hours: [0, 60] },
  {
    rule: 'a run of 61 minutes is charged 2 hours',
    steps: [
      [0, 'running'],
      [61, 'paused'],
    ],
    settledTo: m(600),
    hours: [0, 60],
  },
  {
    rule: 'a run of exactly an hour is charged 1 hour',
    steps: [
      [0, 'running'],
      [60, 'stopped'],
    ],
    settledTo: m(600),
    hours: [0],
  },
  {
    rule: 'a resume inside the paid hour charges nothing until that hour ends',
    steps: [
      [0, 'running'],
      [10, 'paused'],
      [40, 'running'],
    ],
    settledTo: m(90),
    hours: [0, 60],
  },
  {
    rule: 'a resume after the paid hour starts a new session, charged at once',
    steps: [
      [0, 'running'],
      [10, 'paused'],
      [75, 'running'],
    ],
    settledTo: m(140),
    hours: [0, 75, 135],
  },
  { rule: 'a deployment never started owes nothing', steps: [[0, 'stopped']], settledTo: m(600), hours: [] },
];

describe('expectedHours: the hours a deployment owes, from its acknowledged transitions', () => {
  it.each(CASES)('$rule', ({ steps, settledTo, hours }) => {
    let state: KnownDeployment['state'] = 'created';
    const d: KnownDeployment = { id: 1, name: 'd', state, transitions: [] };
    for (const [minute, to] of steps) {
      d.transitions.push({ from: state, to, at: m(minute) });
      state = to;
    }
    expect(expectedHours(d, settledTo).map((h) => (h - T) / MINUTE_MS)).toEqual(hours);
  });
});

/** A ledger for the payment checks: rows [kind, credits, minute], balances running from 0. */
function ledger(rows: [kind: string, credits: number, minute: number, reference?: string][]): LedgerRow[] {
  let balance = 0;
  return rows.map(([kind, credits, minute, reference], i) => ({
    id: i + 1,
    kind,
    credits,
    after: (balance += credits),
    at: m(minute),
    reference: reference ?? null,
  }));
}

const DAY = 24 * 60;
const RULES: RefillRules = { threshold: 1000, amount: 500, maxPerDay: 2, since: T };

describe('refillViolations: auto-refill from the ledger (SPEC "Auto-refill")', () => {
  it.each([
    {
      why: 'a debit below the threshold, then its refill',
      rows: [
        ['coupon', 1100, 0],
        ['charge', -200, 60],
        ['refill', 500, 60],
      ],
      bad: [],
    },
    {
      why: 'a debit below the threshold and no refill after it',
      rows: [
        ['coupon', 1100, 0],
        ['charge', -200, 60],
      ],
      bad: [/entry 2 .* no refill followed/],
    },
    {
      why: 'debits above the threshold want nothing',
      rows: [
        ['coupon', 5000, 0],
        ['charge', -200, 60],
      ],
      bad: [],
    },
    {
      why: 'the per-day cap reached: a debit below waits',
      rows: [
        ['coupon', 900, 0],
        ['refill', 500, 0],
        ['charge', -500, 10],
        ['refill', 500, 10],
        ['charge', -900, 70],
      ],
      bad: [],
    },
    {
      why: 'the cap window reopened (24 h on) and the next debit below brought nothing',
      rows: [
        ['coupon', 900, 0],
        ['refill', 500, 0],
        ['charge', -500, 10],
        ['refill', 500, 10],
        ['charge', -900, DAY + 20],
      ],
      bad: [/entry 5 .* no refill followed/],
    },
    {
      why: 'three refills in a day break the cap',
      rows: [
        ['coupon', 100, 0],
        ['refill', 500, 0],
        ['refill', 500, 30],
        ['refill', 500, 60],
      ],
      bad: [/refill entry 4 is one of 3/],
    },
    {
      why: 'a refill of another amount',
      rows: [
        ['coupon', 2000, 0],
        ['refill', 700, 0],
      ],
      bad: [/refill entry 2 credits 700, not the set 500/],
    },
  ] as { why: string; rows: [string, number, number][]; bad: RegExp[] }[])('$why', ({ rows, bad }) => {
    const got = refillViolations(ledger(rows), RULES);
    expect(got).toHaveLength(bad.length);
    bad.forEach((re, i) => expect(got[i]).toMatch(re));
  });
});

describe('purchaseViolations: acknowledged purchases, the ledger and the gateway agree', () => {
  const told = [{ requestKey: 'lead0:buy:1', credits: 500, paymentIntent: 'pi_1' }];
  it.each([
    { why: 'credited once, paid once', rows: [['purchase', 500, 0, 'pi_1']], paid: 1, bad: [] },
    { why: 'acknowledged but never credited', rows: [], paid: 1, bad: [/lead0:buy:1 .* credited \[\]/] },
    {
      why: 'credited twice',
      rows: [
        ['purchase', 500, 0, 'pi_1'],
        ['purchase', 500, 5, 'pi_1'],
      ],
      paid: 1,
      bad: [/credited \[500, 500\]/],
    },
    { why: 'credited with another amount', rows: [['purchase', 400, 0, 'pi_1']], paid: 1, bad: [/credited \[400\]/] },
    {
      why: 'a credit no client was told of',
      rows: [
        ['purchase', 500, 0, 'pi_1'],
        ['purchase', 300, 5, 'pi_2'],
      ],
      paid: 2,
      bad: [/pi_2 is credited but no client/, /took 2 purchase payments for 1/],
    },
    { why: 'a retry that paid again at the gateway', rows: [['purchase', 500, 0, 'pi_1']], paid: 2, bad: [/the gateway took 2 purchase payments for 1/] },
  ] as { why: string; rows: [string, number, number, string][]; paid: number; bad: RegExp[] }[])('$why', ({ rows, paid, bad }) => {
    const got = purchaseViolations(told, ledger(rows), paid);
    expect(got).toHaveLength(bad.length);
    bad.forEach((re, i) => expect(got[i]).toMatch(re));
  });
});
