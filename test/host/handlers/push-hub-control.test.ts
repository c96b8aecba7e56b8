import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushEvent, PushEvents, Snapshot } from '../../../preload/contract.js';
import { SimulatedClock } from '../../../main/core/clock.js';
import type { ControlTransport } from '../../../main/core/control/control-types.js';
import { RETRY_DELAYS_MS } from '../../../main/core/control/control-outbox.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { PushHub } from '../../../main/host/handlers/push-hub.js';
import { HOOK } from '../../core/control/control-fixture.js';
import { grantCredits, spec, T0 } from '../../support/engine-fixture.js';

let services: Services | null = null;
let hub: PushHub | null = null;
afterEach(async () => {
  hub?.close();
  await services?.close();
  services = null;
  hub = null;
});

/**
 * A control action ends after the request that caused it (a hook may take a
 * minute; retries come minutes later). The hub pushes what it changed at once
 * — a control_failed alert, its resolution, a new snapshot version for the
 * Control dialog's history — instead of at the host's next one-minute
 * heartbeat. Nothing here calls `hub.refresh()` after the state changes.
 */
describe('push hub: control outcomes are pushed when they happen', () => {
  it('the alert of a stop that failed its last try is pushed, and so is its resolution by a later success', async () => {
    let working = true;
    const sent: string[] = [];
    const transport: ControlTransport = {
      send: async (_target, message) => {
        sent.push(`${message.action}:${working ? 'ok' : 'exit 3'}`);
        return working ? { ok: true, detail: 'exit 0' } : { ok: false, detail: 'exit 3: the instance refused' };
      },
      probe: async () => 'unknown',
    };
    const clock = new SimulatedClock(T0);
    services = await openServices({ dataDir: ':memory:', clock, controlTransport: transport });
    const s = services;
    hub = new PushHub(s);
    const events: { event: PushEvent; payload: unknown }[] = [];
    hub.subscribe(<E extends PushEvent>(event: E, payload: PushEvents[E]) => void events.push({ event, payload }));
    const snapshots = () => events.filter((e) => e.event === 'snapshot/changed').map((e) => e.payload as Snapshot);
    const failedAlertShown = () =>
      snapshots()
        .at(-1)
        ?.actionAlerts?.alerts.some((a) => a.kind === 'control_failed') ?? false;
    await grantCredits(s.engine, 10_000);
    const d = await s.engine.createDeployment(spec({ name: 'chat-70b' }));
    await s.control.set(d.id, { kind: 'command', command: HOOK, args: [] });
    await hub.refresh();
    await s.engine.startDeployment(d.id);
    await s.control.outbox.idle();

    // The hook breaks: the pause is tried four times, moved along by the engine's own settles.
    working = false;
    await s.engine.pauseDeployment(d.id);
    await s.control.outbox.idle();
    for (const wait of RETRY_DELAYS_MS) {
      clock.advance(wait);
      await s.engine.settle();
      await s.control.outbox.idle();
    }
    expect(sent).toEqual(['start:ok', 'pause:exit 3', 'pause:exit 3', 'pause:exit 3', 'pause:exit 3']);
    await vi.waitFor(() => expect(failedAlertShown()).toBe(true), { timeout: 60_000, interval: 50 });
    expect(events.filter((e) => e.event === 'alerts/raised').map((e) => (e.payload as { title: string }).title)).toEqual(['chat-70b did not stop']);

    // Fixed; a resume succeeds and the alert leaves "Needs your action", pushed as well.
    working = true;
    await s.engine.resumeDeployment(d.id);
    await s.control.outbox.idle();
    await vi.waitFor(() => expect(failedAlertShown()).toBe(false), { timeout: 60_000, interval: 50 });
  });
});
