import { describe, expect, it } from 'vitest';
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
