import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOUR_MS, MINUTE_MS, SimulatedClock } from '../../main/core/clock.js';
import { processTransport } from '../../main/adapters/control/default-transport.js';
import { isRefused } from '../../main/core/errors.js';
import { openServices } from '../../main/compose/local-services.js';
import type { Services } from '../../main/core/services.js';
import { spec } from '../support/engine-fixture.js';
import { credit } from '../core/schedules/services-fixture.js';
import { HOOK, standIn, type StandIn } from '../core/control/control-fixture.js';
import { controlLivenessViolations } from './control-liveness.js';
import { Prng } from './soak/prng.js';

vi.setConfig({ testTimeout: 600_000 });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A seeded run of lead actions, schedule nights, credits running out and hooks that fail or hang, through real hook processes. */
async function run(seed: number, steps: number): Promise<Services> {
  const rng = new Prng(seed);
  const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
  const s = await openServices({
    dataDir: ':memory:',
    clock,
    controlTransport: processTransport({ commandMs: 1500, webhookMs: 2000, probeMs: 1000 }),
    controlVerifyWaitMs: 0,
  });
  cleanups.push(() => s.close());
  const insts: StandIn[] = [];
  const ids: number[] = [];
  for (let i = 0; i < 2; i++) {
    const inst = await standIn();
    cleanups.push(() => inst.cleanup());
    insts.push(inst);
    const d = await s.engine.createDeployment(spec({ name: `d${i}`, tier: 'S' }));
    await s.control.set(d.id, { kind: 'command', command: HOOK, args: [inst.dir, String(inst.port)], verifyUrl: rng.next() < 0.5 ? inst.healthUrl : null });
    ids.push(d.id);
  }
  await credit(s, rng.int(200, 2000));
  await s.schedules.set(ids[0]!, { timeZone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '20:00', end: '08:00' }] });
  for (let step = 0; step < steps; step++) {
    const id = rng.pick(ids);
    for (const inst of insts) inst.setMode(rng.weighted({ ok: 6, fail: 2, hang: 1, lie: 1 }));
    const act = rng.weighted({ start: 2, pause: 2, resume: 2, credit: 1, wait: 3, stop: 0.3 });
    try {
      if (act === 'start') await s.engine.startDeployment(id);
      else if (act === 'pause') await s.engine.pauseDeployment(id);
      else if (act === 'resume') await s.engine.resumeDeployment(id);
      else if (act === 'stop') await s.engine.stopDeployment(id);
      else if (act === 'credit') await credit(s, rng.int(100, 1000));
      else clock.advance(rng.int(1, 6 * 60) * MINUTE_MS);
    } catch (err) {
      if (!isRefused(err)) throw err;
    }
    await s.control.outbox.idle();
  }
  // Past every retry and check, with hooks that work again, then nothing is left owed.
  for (const inst of insts) inst.setMode('ok');
  for (let i = 0; i < 6; i++) {
    clock.advance(HOUR_MS);
    await s.engine.settle();
    await s.control.outbox.idle();
  }
  return s;
}

describe('controlled deployments: every state change ends in one successful action or a control_failed alert', () => {
  it.each([[1], [2]])('seed %i', async (seed) => {
    console.log(`control liveness seed ${seed}`);
    const s = await run(seed, 40);
    expect(s.engine.db.prepare('SELECT COUNT(*) FROM control_actions').pluck().get()).toBeGreaterThan(3);
    expect(controlLivenessViolations(s.engine.db)).toEqual([]);
  });
});
