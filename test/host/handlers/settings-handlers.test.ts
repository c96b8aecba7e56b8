import { describe, expect, it } from 'vitest';
import { HOUR_MS, type SimulatedClock } from '../../../main/core/clock.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();
const call = fx.call;

describe('settings: desktop flags', () => {
  it('defaults to close-to-tray on and launch-at-login off', async () => {
    expect(await call('settings/get', {})).toMatchObject({ result: { closeToTray: true, launchAtLogin: false } });
  });

  it.each([
    [{ closeToTray: 'no' }],
    [{ launchAtLogin: 1 }],
    [{ closeToTray: null }],
    [{ launchAtLogin: 'true', closeToTray: false }],
    [{ closeToTray: false, launchAtLogin: true, autoResume: 'yes' }],
  ])('refuses %j and stores nothing', async (input) => {
    const before = await call('settings/get', {});
    expect(await call('settings/update', input)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(await call('settings/get', {})).toEqual(before);
  });

  it('round-trips both flags and leaves the other settings alone', async () => {
    const before = await call('settings/get', {});
    if (!('result' in before)) throw new Error('settings/get failed');
    const after = { ...(before.result as Record<string, unknown>), closeToTray: false, launchAtLogin: true };
    expect(await call('settings/update', { closeToTray: false, launchAtLogin: true })).toEqual({ result: after });
    expect(await call('settings/get', {})).toEqual({ result: after });
    expect(await call('settings/update', { launchAtLogin: false })).toEqual({ result: { ...after, launchAtLogin: false } });
  });
});

describe('settings/update settles first, then writes', () => {
  it.each([
    { what: 'a time zone', patch: { timeZone: 'Asia/Tokyo' } },
    { what: 'auto-resume', patch: { autoResume: false } },
    { what: 'a desktop flag only', patch: { closeToTray: false } },
  ])('$what: the hours that fell due before the change are charged under the old settings by the time it answers', async ({ patch }) => {
    const { engine } = fx.services();
    await engine.createCoupon({ code: 'RUN', credits: 5000 });
    await engine.redeemCoupon('RUN');
    const d = await engine.createDeployment({ name: 'chat', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' });
    await engine.startDeployment(d.id);
    (engine.clock as SimulatedClock).advance(3 * HOUR_MS + 60_000);
    const charges = () => engine.db.prepare("SELECT count(*) FROM ledger_entries WHERE kind = 'charge'").pluck().get();
    expect(charges()).toBe(1);
    expect(await call('settings/update', patch)).toMatchObject({ result: patch });
    expect(charges()).toBe(4);
  });
});

describe('app/info: what the desktop app can do here', () => {
  it('a browser session reports no desktop abilities', async () => {
    const info = await call('app/info', {});
    expect(info).toMatchObject({ result: { transport: 'web' } });
    expect((info as { result: Record<string, unknown> }).result).not.toHaveProperty('desktop');
  });

  it.each([[{ trayShown: false, launchAtLogin: false }], [{ trayShown: true, launchAtLogin: true }]])(
    'the desktop host reports %j (Settings disables close-to-tray without a tray and hides launch-at-login where it cannot work)',
    async (abilities) => {
      const ctx = fx.ctx();
      ctx.host.desktopAbilities = () => abilities;
      try {
        expect(await call('app/info', {})).toMatchObject({ result: { desktop: abilities } });
      } finally {
        delete ctx.host.desktopAbilities;
      }
    },
  );
});
