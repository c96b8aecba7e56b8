import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../../main/core/clock.js';
import type { Engine } from '../../../main/core/engine.js';
import { isRefused } from '../../../main/core/errors.js';
import { grantCredits, memoryEngine, spec, T0 } from '../../support/engine-fixture.js';
import { bothStores, type StoreKind } from '../../support/store-factory.js';
import { checkInvariants } from '../../reliability/invariants.js';
import { seeded } from '../../support/property-seed.js';

type Op = { kind: 'start' | 'pause' | 'resume' | 'stop'; dep: number } | { kind: 'credit'; credits: number } | { kind: 'tick' } | { kind: 'jump'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom('start', 'pause', 'resume', 'stop'), dep: fc.integer({ min: 0, max: 2 }) }) as fc.Arbitrary<Op> },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('credit' as const), credits: fc.integer({ min: 1, max: 2_000 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'tick' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 90 * MINUTE_MS }), fc.integer({ min: 0, max: 3 * 24 * HOUR_MS }), fc.constantFrom(HOUR_MS, 2 * HOUR_MS)),
    }),
  },
);
const backJumpArb: fc.Arbitrary<Op> = fc.record({ kind: fc.constant('jump' as const), ms: fc.integer({ min: -3 * 24 * HOUR_MS, max: -1 }) });

/** What settling right after a jump back charged that it must not have. */
interface BackwardCharges {
  /** Hours that begin after the clock's reading: never due. */
  future: number;
  /** Anything at all, when a settle had already run at this reading or later: all that was due then is charged. */
  afterSettled: number;
}

async function run(store: StoreKind, ops: Op[]): Promise<{ engine: Engine; ids: number[]; backward: BackwardCharges; highWater: number }> {
  const { engine, clock } = memoryEngine(T0, store);
  await grantCredits(engine, 500, 'SEED');
  const tiers = ['S', 'M', 'L'];
  const ids: number[] = [];
  for (const t of tiers) ids.push((await engine.createDeployment(spec({ name: `d-${t}`, tier: t }))).id);
  let credit = 0;
  // True from a jump back until anything but another tick or jump back happens.
  // A jump does not settle: after [+1h 2ms, −1 ms] the hour that began in
  // between is still due at the lower reading, and settling then charges it.
  // What a settle right after a jump back must not do is charge an hour that
  // begins after the reading, or charge anything when a tick already settled
  // at this reading or a later one (everything due at or before it was charged then).
  let justJumpedBack = false;
  let settledUpTo = -Infinity;
  const backward: BackwardCharges = { future: 0, afterSettled: 0 };
  let highWater = engine.now();
  for (const op of ops) {
    try {
      if (op.kind === 'jump') {
        clock.advance(op.ms);
        justJumpedBack = op.ms < 0 || (justJumpedBack && op.ms === 0);
      } else if (op.kind === 'tick') {
        const now = engine.now();
        const r = await engine.settle();
        if (justJumpedBack) {
          backward.future += r.charged.filter((c) => c.hourStart > now).length;
          if (settledUpTo >= now) backward.afterSettled += r.charged.length;
        }
        settledUpTo = Math.max(settledUpTo, now);
      } else if (op.kind === 'credit') await grantCredits(engine, op.credits, `C${credit++}`);
      else {
        const id = ids[op.dep]!;
        if (op.kind === 'start') await engine.startDeployment(id);
        else if (op.kind === 'pause') await engine.pauseDeployment(id);
        else if (op.kind === 'resume') await engine.resumeDeployment(id);
        else await engine.stopDeployment(id);
      }
    } catch (err) {
      if (!isRefused(err)) throw err;
    }
    if (op.kind !== 'jump' && op.kind !== 'tick') justJumpedBack = false;
    highWater = Math.max(highWater, engine.now());
  }
  await engine.settle();
  return { engine, ids, backward, highWater };
}

/** The ledger's own bookkeeping holds whatever happened. */
function checkLedgerInvariants(engine: Engine): void {
  const { sum, last, minAfter, n } = engine.db
    .prepare(
      'SELECT COALESCE(SUM(credits),0) AS sum, COALESCE(MIN(balance_after),0) AS minAfter, count(*) AS n, (SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1) AS last FROM ledger_entries',
    )
    .get() as { sum: number; last: number; minAfter: number; n: number };
  expect(n).toBeGreaterThan(0);
  expect(engine.ledger.balance()).toBe(sum);
  expect(last).toBe(sum);
  expect(minAfter).toBeGreaterThanOrEqual(0);
  const dupes = engine.db
    .prepare("SELECT count(*) FROM (SELECT 1 FROM ledger_entries WHERE kind = 'charge' GROUP BY deployment_id, hour_start HAVING count(*) > 1)")
    .pluck()
    .get();
  expect(dupes).toBe(0);
}

/**
 * An independent model of SPEC.md's rule: a deployment is charged at each
 * point of its session's hourly grid at which it was running; a session starts
 * (and its grid is anchored) when it runs again after its paid hours ended.
 */
function expectedChargeHours(engine: Engine, id: number, end: number): number[] {
  const events = engine.deployments.events(id);
  const charged: number[] = [];
  let paidUntil = -Infinity;
  events.forEach((e, i) => {
    if (e.toState !== 'running') return;
    const from = e.at;
    const to = events[i + 1]?.at ?? end;
    if (from >= paidUntil) {
      charged.push(from);
      paidUntil = from + HOUR_MS;
    }
    for (let g = paidUntil; g < to; g += HOUR_MS) {
      charged.push(g);
      paidUntil = g + HOUR_MS;
    }
  });
  return charged;
}

describe.each(bothStores())('charging under random operations and clock jumps (property) on $name', (store) => {
  // Every statement on PostgreSQL is a round trip: its runs are fewer (the same seed, so the first cases of SQLite's).
  const numRuns = store.name === 'postgres' ? 12 : 150;

  it('with a clock that only moves forward, charges are exactly the running hours of each session', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const { engine, ids } = await run(store, ops);
        checkLedgerInvariants(engine);
        const end = engine.now();
        for (const id of ids) {
          const actual = engine.db
            .prepare("SELECT hour_start FROM ledger_entries WHERE kind = 'charge' AND deployment_id = ? ORDER BY hour_start")
            .pluck()
            .all(id);
          expect(actual).toEqual(expectedChargeHours(engine, id, end));
        }
        engine.close();
      }),
      seeded({ numRuns }),
    );
  });

  it('with jumps back as well, the ledger stays consistent, settling right after a jump back charges nothing ahead of the clock or already settled, and every running hour is charged once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(opArb, backJumpArb), { maxLength: 40 }), async (ops) => {
        const { engine, backward, highWater } = await run(store, ops);
        checkLedgerInvariants(engine);
        expect(backward).toEqual({ future: 0, afterSettled: 0 });
        // Per session, the hours of its grid that began while it ran (reliability invariant 2, which knows clock steps).
        expect(checkInvariants(engine.db, { settledTo: engine.now(), clockWentBack: true, highWater, skipIntegrity: true })).toEqual([]);
        engine.close();
      }),
      // First the case the old oracle got wrong: the hour that began between the jumps is due after the jump back.
      seeded<[Op[]]>({
        numRuns,
        examples: [[[{ kind: 'start', dep: 0 }, { kind: 'jump', ms: HOUR_MS + 2 }, { kind: 'jump', ms: -1 }, { kind: 'tick' }]]],
      }),
    );
  });

  it('a jump forward that does not settle leaves the hour it passed due after a jump back: [start, +1h 2ms, −1 ms, tick] charges it then, once', async () => {
    const { engine, ids, backward } = await run(store, [
      { kind: 'start', dep: 0 },
      { kind: 'jump', ms: HOUR_MS + 2 },
      { kind: 'jump', ms: -1 },
      { kind: 'tick' },
    ]);
    expect(backward).toEqual({ future: 0, afterSettled: 0 });
    const hours = engine.db
      .prepare("SELECT hour_start FROM ledger_entries WHERE kind = 'charge' AND deployment_id = ? ORDER BY hour_start")
      .pluck()
      .all(ids[0]);
    expect(hours).toEqual([engine.now() - HOUR_MS - 1, engine.now() - 1]);
    engine.close();
  });
});
