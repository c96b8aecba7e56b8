import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices, type Services } from '../../../main/core/services.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../../main/host/handlers/handler-types.js';

let services: Services;
let ctx: HandlerContext;
const table = createHandlerTable();

beforeEach(async () => {
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse('2025-03-03T09:00:00Z')) });
  ctx = { services, transport: 'web', testControls: false, version: '0.0.0-test', host: {} };
});
afterEach(async () => services.close());

async function call(channel: string, input: unknown) {
  return (await dispatch(table, ctx, channel, input)).reply;
}

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
