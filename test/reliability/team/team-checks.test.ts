import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../../main/core/clock.js';
import type { KnownDeployment } from './team-client.js';
import { expectedHours } from './team-checks.js';

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
