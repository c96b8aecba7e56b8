import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE_MS, SimulatedClock } from '../../../main/core/clock.js';
import { processTransport } from '../../../main/adapters/control/default-transport.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { timeZoneSchema } from '../../../main/core/settings/engine-settings.js';
import { isRefused } from '../../../main/core/errors.js';
import { spec } from '../../support/engine-fixture.js';
import { credit } from '../schedules/services-fixture.js';
import { HOOK, standIn } from './control-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const T0 = Date.parse('2026-03-02T01:00:00Z');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const clock = new SimulatedClock(T0);
  const s = await openServices({
    dataDir: ':memory:',
    clock,
    controlTransport: processTransport({ commandMs: 30_000, webhookMs: 5000, probeMs: 5000 }),
    controlVerifyWaitMs: 3000,
  });
  s.engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
  cleanups.push(() => s.close());
  const inst = await standIn();
  cleanups.push(() => inst.cleanup());
  const d = await s.engine.createDeployment(spec({ name: 'chat-70b', model: 'llama-3-70b', tier: 'L' }));
  await s.control.set(d.id, { kind: 'command', command: HOOK, args: [inst.dir, String(inst.port)], verifyUrl: inst.healthUrl });
  await credit(s, 100_000);
  await s.engine.startDeployment(d.id);
  await s.control.outbox.idle();
  return { s, clock, id: d.id, inst };
}

async function at(s: Services, clock: SimulatedClock, iso: string, scrape = true) {
  clock.set(Date.parse(iso));
  if (scrape) await s.usage.scrape();
  await s.engine.settle();
  await s.control.outbox.idle();
}

describe('idle auto-pause from the vLLM /metrics scrape', () => {
  it('pauses (reason idle) once no request was served for the limit, stops the real server, and says what it saves per day', async () => {
    const { s, clock, id, inst } = await setup();
    await s.idle.set(id, 60);
    s.usage.setTarget(id, `http://127.0.0.1:${inst.port}/metrics`);
    await s.usage.scrape(); // the baseline
    clock.set(T0 + 10 * MINUTE_MS);
    await fetch(`http://127.0.0.1:${inst.port}/v1/completions`);
    await at(s, clock, '2026-03-02T01:15:00Z');
    // The request counts at its hour's end (02:00): idle from 03:00.
    await at(s, clock, '2026-03-02T02:30:00Z');
    expect(s.engine.deployments.get(id).state).toBe('running');
    await at(s, clock, '2026-03-02T03:10:00Z');
    const d = s.engine.deployments.get(id);
    expect([d.state, d.pausedReason]).toEqual(['paused', 'idle']);
    expect(s.engine.deployments.events(id).at(-1)).toMatchObject({ reason: 'idle', at: Date.parse('2026-03-02T03:00:00Z') });
    expect(await inst.serving()).toBe(false);
    expect(inst.actions()).toEqual(['start', 'pause']);
    expect(inst.calls()[1]!.env.BURNRATE_REASON).toBe('idle');
    const [alert] = s.alerts.list({ kinds: ['idle_paused'] });
    expect(alert!.message).toBe('chat-70b paused after 60 min without a request: saves 8,400 credits ($84.00) a day while it stays paused.');
  });

  it('without request counts nothing is paused: no data is not no requests', async () => {
    const { s, clock, id } = await setup();
    await s.idle.set(id, 60);
    await at(s, clock, '2026-03-02T09:00:00Z', false);
    expect(s.engine.deployments.get(id).state).toBe('running');
  });

  it.each([[0], [4], [10_081], [1.5]])('refuses --after %s minutes', async (minutes) => {
    const { s, id } = await setup();
    const err = await s.idle.set(id, minutes).catch((e: unknown) => e);
    expect(isRefused(err)).toBe(true);
    expect(s.idle.after(id)).toBeNull();
  });
});
