import { describe, expect, it } from 'vitest';
import { T0, chargeOffsets, grantCredits, memoryEngine, min, spec } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

type Step = [minute: number, action: 'start' | 'pause' | 'resume' | 'stop' | 'tick'];

/**
 * SPEC.md "Hourly charges", one rule a row: the steps run on tier S
 * (60 credits/h) with a balance of 10,000, then the charged hour starts
 * (minutes after the first step) and the final state are checked.
 */
const RULES: { rule: string; steps: Step[]; charges: number[]; state: string }[] = [
  { rule: 'a running session is charged at its start for the first hour', steps: [[0, 'start']], charges: [0], state: 'running' },
  {
    rule: 'then again at start + 1 h, + 2 h while it keeps running',
    steps: [
      [0, 'start'],
      [150, 'tick'],
    ],
    charges: [0, 60, 120],
    state: 'running',
  },
  {
    rule: 'a run of 61 minutes is charged ceil(61/60) = 2 hours',
    steps: [
      [0, 'start'],
      [61, 'pause'],
    ],
    charges: [0, 60],
    state: 'paused',
  },
  {
    rule: 'a run of exactly one hour is charged one hour',
    steps: [
      [0, 'start'],
      [60, 'pause'],
    ],
    charges: [0],
    state: 'paused',
  },
  {
    rule: 'a run of one minute is charged one hour (partial hours round up)',
    steps: [
      [0, 'start'],
      [1, 'stop'],
    ],
    charges: [0],
    state: 'stopped',
  },
  {
    rule: 'a tick exactly on the hour charges that hour once the clock is past it',
    steps: [
      [0, 'start'],
      [60, 'tick'],
      [61, 'tick'],
    ],
    charges: [0, 60],
    state: 'running',
  },
  {
    rule: 'pausing does not refund the hour already paid',
    steps: [
      [0, 'start'],
      [10, 'pause'],
      [300, 'tick'],
    ],
    charges: [0],
    state: 'paused',
  },
  {
    rule: 'resuming before the paid hour ends charges nothing until it ends',
    steps: [
      [0, 'start'],
      [10, 'pause'],
      [30, 'resume'],
      [59, 'tick'],
    ],
    charges: [0],
    state: 'running',
  },
  {
    rule: 'after resuming inside the paid hour, the next charge is when that hour ends',
    steps: [
      [0, 'start'],
      [10, 'pause'],
      [30, 'resume'],
      [75, 'tick'],
    ],
    charges: [0, 60],
    state: 'running',
  },
  {
    rule: 'resuming after the paid hour starts a new session, charged at once',
    steps: [
      [0, 'start'],
      [10, 'pause'],
      [90, 'resume'],
    ],
    charges: [0, 90],
    state: 'running',
  },
  {
    rule: 'the new session is charged on its own grid',
    steps: [
      [0, 'start'],
      [10, 'pause'],
      [90, 'resume'],
      [151, 'tick'],
    ],
    charges: [0, 90, 150],
    state: 'running',
  },
  {
    rule: 'resuming exactly when the paid hour ends starts a new session',
    steps: [
      [0, 'start'],
      [10, 'pause'],
      [60, 'resume'],
    ],
    charges: [0, 60],
    state: 'running',
  },
  {
    rule: 'after sleep or days offline every hour that fell due is charged',
    steps: [
      [0, 'start'],
      [3 * 24 * 60 + 1, 'tick'],
    ],
    charges: Array.from({ length: 73 }, (_, i) => i * 60),
    state: 'running',
  },
  {
    rule: 'a stop settles the hours due first',
    steps: [
      [0, 'start'],
      [185, 'stop'],
    ],
    charges: [0, 60, 120, 180],
    state: 'stopped',
  },
  {
    rule: 'a stopped deployment is never charged again',
    steps: [
      [0, 'start'],
      [30, 'stop'],
      [600, 'tick'],
    ],
    charges: [0],
    state: 'stopped',
  },
  { rule: 'a deployment that was never started is never charged', steps: [[600, 'tick']], charges: [], state: 'created' },
];

describe.each(bothStores())('hourly charges (SPEC: Hourly charges) on $name', (store) => {
  it.each(RULES)('$rule', async ({ steps, charges, state }) => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 10_000);
    const d = await engine.createDeployment(spec());
    for (const [minute, action] of steps) {
      clock.set(T0 + min(minute));
      if (action === 'tick') await engine.settle();
      else if (action === 'start') await engine.startDeployment(d.id);
      else if (action === 'pause') await engine.pauseDeployment(d.id);
      else if (action === 'resume') await engine.resumeDeployment(d.id);
      else await engine.stopDeployment(d.id);
    }
    expect(chargeOffsets(engine, d.id)).toEqual(charges);
    expect(engine.deployments.get(d.id).state).toBe(state);
    expect(engine.ledger.balance()).toBe(10_000 - 60 * charges.length);
  });

  it('one charge is the tier price at the moment the hour falls due, even when settled later', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 10_000);
    const d = await engine.createDeployment(spec({ tier: 'M' }));
    await engine.startDeployment(d.id);
    engine.catalog.setPrice('M', 200, T0 + min(90));
    clock.set(T0 + min(181));
    await engine.settle();
    const credits = engine.db.prepare("SELECT -credits FROM ledger_entries WHERE kind = 'charge' ORDER BY hour_start").pluck().all();
    expect(credits).toEqual([180, 180, 200, 200]);
  });

  it('catch-up charges every deployment in time order across deployments', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 10_000);
    const a = await engine.createDeployment(spec({ name: 'a' }));
    const b = await engine.createDeployment(spec({ name: 'b' }));
    await engine.startDeployment(a.id);
    clock.set(T0 + min(20));
    await engine.startDeployment(b.id);
    clock.set(T0 + min(200));
    await engine.settle();
    const order = engine.db.prepare("SELECT deployment_id, (hour_start - ?) / 60000 FROM ledger_entries WHERE kind = 'charge' ORDER BY id").raw().all(T0);
    expect(order).toEqual([
      [a.id, 0],
      [b.id, 20],
      [a.id, 60],
      [b.id, 80],
      [a.id, 120],
      [b.id, 140],
      [a.id, 180],
    ]);
  });

  it('a clock that jumps back never creates charges and never duplicates one', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 10_000);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(130));
    await engine.settle();
    const before = chargeOffsets(engine, d.id);
    clock.set(T0 - min(600));
    const report = await engine.settle();
    clock.set(T0 + min(130));
    await engine.settle();
    expect(report.charged).toEqual([]);
    expect(chargeOffsets(engine, d.id)).toEqual(before);
  });

  it('the unique key refuses a second charge for the same deployment and hour', async () => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 10_000);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    const insert = () =>
      engine.db
        .prepare(
          "INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, deployment_id, hour_start, at) VALUES ('charge', -60, ?, 'other-key', ?, ?, ?)",
        )
        .run(engine.ledger.balance() - 60, d.id, T0, T0);
    expect(insert).toThrow(/UNIQUE/);
  });
});
