import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE_MS } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { SimulatedClock } from '../../../main/core/clock.js';
import { timeZoneSchema } from '../../../main/core/settings/engine-settings.js';
import { processTransport } from '../../../main/adapters/control/default-transport.js';
import { spec } from '../../support/engine-fixture.js';
import { credit } from '../../core/schedules/services-fixture.js';
import { HOOK, standIn } from '../../core/control/control-fixture.js';

vi.setConfig({ testTimeout: 300_000 });

const T0 = Date.parse('2026-03-02T01:00:00Z');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Services with the real process transport (a short hook timeout so a hanging hook fails in seconds). */
async function setup(opts: { timeoutMs?: number } = {}) {
  const clock = new SimulatedClock(T0);
  const timeout = opts.timeoutMs ?? 30_000;
  const s = await openServices({
    dataDir: ':memory:',
    clock,
    controlTransport: processTransport({ commandMs: timeout, webhookMs: 10_000, probeMs: 5_000 }),
    controlVerifyWaitMs: 3_000,
  });
  s.engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
  cleanups.push(() => s.close());
  const inst = await standIn();
  cleanups.push(() => inst.cleanup());
  const d = await s.engine.createDeployment(spec({ name: 'chat-70b', model: 'llama-3-70b', tier: 'L' }));
  await s.control.set(d.id, { kind: 'command', command: HOOK, args: [inst.dir, String(inst.port)], verifyUrl: inst.healthUrl });
  return { s, clock, id: d.id, inst };
}

/** Settles and waits until every owed action and check of this pass is done. */
async function settled(s: Services): Promise<void> {
  await s.engine.settle();
  await s.control.outbox.idle();
}

const history = (s: Services, id: number) =>
  s.control.view(id).history.map((a) => `${a.action}/${a.reason}:${a.status}${a.verify ? `/verify ${a.verify}` : ''}`);
const controlAlerts = (s: Services) => s.alerts.list({ kinds: ['control_failed'] });

describe('a command hook starts and stops the real instance', () => {
  it('start runs the server, a pause for credits stops it; argv ends with the action and the env names the deployment', async () => {
    const { s, clock, id, inst } = await setup();
    await credit(s, 700); // two hours of GPU L (350/h)
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    expect(await inst.serving()).toBe(true);
    clock.advance(2 * 60 * MINUTE_MS + MINUTE_MS);
    await settled(s);
    expect(s.engine.deployments.get(id).pausedReason).toBe('insufficient_credits');
    expect(await inst.serving()).toBe(false);
    expect(history(s, id)).toEqual(['pause/insufficient_credits:succeeded/verify ok', 'start/user:succeeded/verify ok']);
    const [first, second] = inst.calls();
    expect(first!.argv).toEqual([inst.dir, String(inst.port), 'start']);
    expect(first!.env).toMatchObject({
      BURNRATE_ACTION: 'start',
      BURNRATE_DEPLOYMENT_ID: String(id),
      BURNRATE_DEPLOYMENT_NAME: 'chat-70b',
      BURNRATE_MODEL: 'llama-3-70b',
      BURNRATE_TIER: 'L',
      BURNRATE_REASON: 'user',
    });
    expect(second!.env).toMatchObject({ BURNRATE_ACTION: 'pause', BURNRATE_REASON: 'insufficient_credits' });
    expect(controlAlerts(s)).toEqual([]);
  });

  it("a schedule's night pauses the instance and its morning resumes it", async () => {
    const { s, clock, id, inst } = await setup();
    await credit(s, 100_000);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    // 02:00–06:00 UTC every day.
    await s.schedules.set(id, { timeZone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '02:00', end: '06:00' }] });
    clock.set(Date.parse('2026-03-02T03:00:00Z'));
    await settled(s);
    expect(await inst.serving()).toBe(false);
    clock.set(Date.parse('2026-03-02T07:00:00Z'));
    await settled(s);
    expect(await inst.serving()).toBe(true);
    expect(inst.actions()).toEqual(['start', 'pause', 'resume']);
    expect(history(s, id)).toEqual(['resume/schedule:succeeded/verify ok', 'pause/schedule:succeeded/verify ok', 'start/user:succeeded/verify ok']);
  });
});

describe('a failed stop is retried, then raises control_failed until a later try works', () => {
  it('four tries with back-off, then the critical alert in the words of the issue; a later success resolves it', async () => {
    const { s, clock, id, inst } = await setup();
    await credit(s, 100_000);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    clock.set(Date.parse('2026-03-02T02:00:00Z'));
    inst.setMode('fail');
    await s.engine.pauseDeployment(id);
    await s.control.outbox.idle();
    for (const wait of [1, 5, 15]) {
      expect(controlAlerts(s)).toEqual([]);
      clock.advance(wait * MINUTE_MS);
      await settled(s);
    }
    expect(inst.actions()).toEqual(['start', 'pause', 'pause', 'pause', 'pause']);
    const pause = s.control.view(id).history[0]!;
    expect(pause.status).toBe('failed');
    expect(pause.tries.map((t) => t.detail)).toEqual(Array(4).fill('exit 3: the instance refused'));
    const [alert] = controlAlerts(s);
    expect(alert).toMatchObject({ severity: 'critical', deploymentId: id, read: false });
    expect(alert!.message).toMatch(/^chat-70b is still running: Burnrate stopped billing it at 02:00 but the instance did not stop/);
    expect(s.control.failing(id)).toBe(true);
    // The lead fixes the hook and resumes: the resume works, the alert is resolved.
    inst.setMode('ok');
    await s.engine.resumeDeployment(id);
    await s.control.outbox.idle();
    expect(s.control.failing(id)).toBe(false);
    expect(controlAlerts(s)[0]!.read).toBe(true);
  });

  it('a hook fixed while a stop waits for its retry: the retry runs the fixed hook, as the same action', async () => {
    const { s, clock, id, inst } = await setup();
    await credit(s, 100_000);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    inst.setMode('fail');
    await s.engine.pauseDeployment(id);
    await s.control.outbox.idle();
    expect(inst.actions()).toEqual(['start', 'pause']);
    // The lead points the control at the right instance before the retry falls due.
    const fixed = await standIn();
    cleanups.push(() => fixed.cleanup());
    await s.control.set(id, { kind: 'command', command: HOOK, args: [fixed.dir, String(fixed.port)], verifyUrl: fixed.healthUrl });
    clock.advance(1 * MINUTE_MS);
    await settled(s);
    expect(inst.actions()).toEqual(['start', 'pause']);
    expect(fixed.actions()).toEqual(['pause']);
    const pauses = s.control.view(id).history.filter((a) => a.action === 'pause');
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.status).toBe('succeeded');
    expect(pauses[0]!.tries).toHaveLength(2);
    expect(controlAlerts(s)).toEqual([]);
  });

  it('a hook that never exits is killed at the timeout and counts as failed', async () => {
    const { s, id, inst } = await setup({ timeoutMs: 1500 });
    inst.setMode('hang');
    await credit(s, 100_000);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    const start = s.control.view(id).history[0]!;
    expect(start.status).toBe('pending');
    expect(start.tries[0]!.detail).toBe('killed: no exit within 2 s');
  });

  it('a hook that says done while the server keeps answering fails its verify check after 5 minutes', async () => {
    const { s, clock, id, inst } = await setup();
    await credit(s, 100_000);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    inst.setMode('lie');
    clock.set(Date.parse('2026-03-02T02:00:00Z'));
    await s.engine.pauseDeployment(id);
    await s.control.outbox.idle();
    expect(history(s, id)[0]).toBe('pause/user:succeeded/verify pending');
    expect(controlAlerts(s)).toEqual([]);
    clock.advance(5 * MINUTE_MS);
    await settled(s);
    expect(history(s, id)[0]).toBe('pause/user:succeeded/verify failed');
    expect(controlAlerts(s)[0]!.message).toMatch(
      /^chat-70b is still running: Burnrate stopped billing it at 02:00 but the instance did not stop \(http:\/\/127\.0\.0\.1:\d+\/health still answers\)/,
    );
    // Someone stops it by hand: the next check agrees and resolves the alert.
    inst.setMode('ok');
    const { runCommandHook } = await import('../../../main/adapters/control/command-transport.js');
    await runCommandHook(
      HOOK,
      [inst.dir, String(inst.port)],
      { action: 'stop', key: 'manual', deployment: { id, name: 'chat-70b', model: '', tier: 'L' }, reason: 'user', at: 0 },
      30_000,
    );
    clock.advance(MINUTE_MS);
    await settled(s);
    expect(history(s, id)[0]).toBe('pause/user:succeeded/verify ok');
    expect(controlAlerts(s)[0]!.read).toBe(true);
  });
});
