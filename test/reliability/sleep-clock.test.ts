import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, SimulatedClock } from '../../main/core/clock.js';
import { Engine } from '../../main/core/engine.js';
import { assertInvariants } from './invariants.js';

const T0 = Date.UTC(2026, 4, 4, 9, 0);
let engine: Engine | null = null;
afterEach(() => engine?.close());

/** An engine with `credits` and one running GPU S deployment (60 credits/h) started at T0. */
async function running(credits: number): Promise<{ e: Engine; clock: SimulatedClock; id: number }> {
  const clock = new SimulatedClock(T0);
  const e = Engine.open({ dataDir: ':memory:', clock });
  engine = e;
  await e.createCoupon({ code: 'START', credits });
  await e.redeemCoupon('START');
  const d = await e.createDeployment({ name: 'llm', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
  await e.startDeployment(d.id);
  return { e, clock, id: d.id };
}

const charges = (e: Engine) => e.db.prepare("SELECT hour_start FROM ledger_entries WHERE kind = 'charge' ORDER BY id").pluck().all() as number[];
const grid = (n: number) => Array.from({ length: n }, (_, k) => T0 + k * HOUR_MS);

/**
 * After a sleep gap the app wakes and either gets a resume signal (settles at
 * once) or not (the next action, a pause 10 minutes later, settles first).
 * Either way every hour that began while asleep is charged once, in order.
 */
describe.each([
  { gap: 5 * MINUTE_MS, hours: 1 },
  { gap: 59 * MINUTE_MS, hours: 1 },
  { gap: 61 * MINUTE_MS, hours: 2 },
  { gap: 8 * HOUR_MS, hours: 8 },
  { gap: 72 * HOUR_MS, hours: 72 },
])('sleep of $gap ms', ({ gap, hours }) => {
  it('with a resume signal: settles on wake, every hour charged once', async () => {
    const { e, clock } = await running(1_000_000);
    clock.advance(gap);
    await e.settle();
    expect(charges(e)).toEqual(grid(hours));
    assertInvariants(e.db, { settledTo: clock.now().getTime() });
  });

  it('without a resume signal: the next action settles first, then acts', async () => {
    const { e, clock, id } = await running(1_000_000);
    clock.advance(gap + 10 * MINUTE_MS);
    await e.pauseDeployment(id);
    const expected = Math.ceil((gap + 10 * MINUTE_MS) / HOUR_MS);
    expect(charges(e)).toEqual(grid(expected));
    expect(e.deployments.events(id).at(-1)).toMatchObject({ toState: 'paused', at: T0 + gap + 10 * MINUTE_MS });
    assertInvariants(e.db, { settledTo: clock.now().getTime() });
  });

  it('credits for 3 hours only: paused at the first unpaid hour', async () => {
    const { e, clock, id } = await running(180);
    clock.advance(gap);
    await e.settle();
    const paid = Math.min(hours, 3);
    expect(charges(e)).toEqual(grid(paid));
    if (hours > 3) expect(e.deployments.events(id).at(-1)).toMatchObject({ toState: 'paused', reason: 'insufficient_credits', at: T0 + 3 * HOUR_MS });
    assertInvariants(e.db, { settledTo: clock.now().getTime() });
  });
});

describe('clock steps', () => {
  it.each([true, false])('−2 h after 3 h 10 min creates and duplicates nothing, then charging continues on the grid (resume signal: %s)', async (signal) => {
    const { e, clock, id } = await running(1_000_000);
    clock.advance(3 * HOUR_MS + 10 * MINUTE_MS);
    await e.settle();
    const high = clock.now().getTime();
    clock.advance(-2 * HOUR_MS);
    if (signal) await e.settle();
    else await e.pauseDeployment(id).then(() => e.resumeDeployment(id));
    expect(charges(e)).toEqual(grid(4));
    clock.advance(3 * HOUR_MS);
    await e.settle();
    expect(charges(e)).toEqual(grid(5));
    assertInvariants(e.db, { settledTo: clock.now().getTime(), clockWentBack: true, highWater: high });
  });

  it.each([true, false])('+3 h charges the three hours that began, once (resume signal: %s)', async (signal) => {
    const { e, clock, id } = await running(1_000_000);
    clock.advance(30 * MINUTE_MS);
    await e.settle();
    clock.advance(3 * HOUR_MS);
    if (signal) await e.settle();
    else await e.pauseDeployment(id);
    expect(charges(e)).toEqual(grid(4));
    await e.settle();
    expect(charges(e)).toEqual(grid(4));
    assertInvariants(e.db, { settledTo: clock.now().getTime() });
  });
});
