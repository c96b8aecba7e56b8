import { describe, expect, it } from 'vitest';
import { DAY_MS, type SimulatedClock } from '../../../main/core/clock.js';
import { grantCredits, spec } from '../../support/engine-fixture.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

describe("alerts/confirmCatchUp: the alert's button in the app", () => {
  const h = useHandlerServices();

  it('the held catch-up is on "needs your action" with its button; confirming settles it and takes it off', async () => {
    const s = h.services();
    await grantCredits(s.engine, 1_000_000);
    const d = await s.engine.createDeployment(spec());
    await s.engine.startDeployment(d.id);
    (s.engine.clock as SimulatedClock).advance(100 * DAY_MS);
    const actions = async () =>
      ((await h.call('snapshot/get', {})) as { result: { actionAlerts: { alerts: { kind: string; actions?: { target: string }[] }[] } } }).result.actionAlerts
        .alerts;
    expect((await actions()).map((a) => [a.kind, a.actions?.map((x) => x.target)])).toEqual([['catch_up_confirm', ['confirm-catch-up']]]);
    const reply = (await h.call('alerts/confirmCatchUp', {})) as { result: { confirmed: { days: number } | null; chargedHours: number } };
    expect(reply.result.confirmed?.days).toBe(99);
    expect(reply.result.chargedHours).toBe(100 * 24 - 1);
    expect((await actions()).map((a) => a.kind)).not.toContain('catch_up_confirm');
    // Nothing held: confirming again is harmless.
    expect(((await h.call('alerts/confirmCatchUp', {})) as { result: { confirmed: unknown } }).result.confirmed).toBeNull();
  });
});
