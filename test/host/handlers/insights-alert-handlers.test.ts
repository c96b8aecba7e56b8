import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../../main/host/handlers/handler-types.js';
import { pausedHoursPerWeek, windowsFromDto, windowsToDto } from '../../../main/host/handlers/insights-present.js';

let services: Services;
let ctx: HandlerContext;
const table = createHandlerTable();

beforeEach(async () => {
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse('2025-03-03T09:00:00Z')) });
  ctx = { services, transport: 'web', testControls: false, version: 't', host: {} };
  await services.engine.createCoupon({ code: 'GO', credits: 10_000 });
  await services.engine.redeemCoupon('GO');
  await services.engine.createDeployment({ name: 'llama', model: 'llama-3-70b', paramsB: 70, precision: 'fp16', tier: 'L' });
  await services.engine.startDeployment(1);
});
afterEach(async () => services.close());

const call = async (channel: string, input: unknown) => (await dispatch(table, ctx, channel, input)).reply;

describe('insights, schedules and alerts handlers', () => {
  it.each([
    ['insights/analysis', { days: 10 }],
    ['insights/analysis', { days: '7' }],
    ['insights/applySuggestion', { id: 'drop table' }],
    ['schedules/set', { deploymentId: 1, windows: [] }],
    ['schedules/set', { deploymentId: 1, windows: [{ day: 7, start: '20:00', end: '08:00' }] }],
    ['schedules/set', { deploymentId: 1, windows: [{ day: 1, start: '25:00', end: '08:00' }] }],
    ['alerts/markRead', { ids: [] }],
    ['alerts/setSettings', { runwayHours: 'soon' }],
    ['alerts/setSettings', { weeklyDay: 7 }],
    ['alerts/setSettings', { deploymentLimits: [{ deploymentId: 1, limitCredits: 5, windowHours: 24 }] }],
  ])('%s refuses %j and changes nothing', async (channel, input) => {
    const before = JSON.stringify([services.schedules.list(), services.alerts.settings(), services.engine.ledger.balance()]);
    expect(await call(channel, input)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(JSON.stringify([services.schedules.list(), services.alerts.settings(), services.engine.ledger.balance()])).toBe(before);
  });

  it.each([
    [{ lowBalanceThresholds: [-5] }, 'invalid alert setting lowBalanceThresholds.0: Too small: expected number to be >=1'],
    [{ lowBalanceThresholds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, 'invalid alert setting lowBalanceThresholds: Too big: expected array to have <=10 items'],
    [{ summaryTime: '9am' }, 'invalid alert setting summaryTime: a time of day as HH:MM, e.g. 09:00'],
    [{ weeklyDay: 'someday' }, 'invalid alert setting weeklyDay: Invalid option: expected one of "mon"|"tue"|"wed"|"thu"|"fri"|"sat"|"sun"'],
    [{ runwayHours: 0.5 }, 'invalid alert setting runwayHours: Invalid input: expected int, received number'],
    [
      { deploymentLimits: [{ deploymentId: 1, credits: 2_000_000_000, windowHours: 24 }] },
      'invalid alert setting deploymentLimits.0.limitCredits: Too big: expected number to be <=1000000000',
    ],
  ])("alerts/setSettings %j is refused by the engine's own rule (invalid_setting, as the CLI says it) and changes nothing", async (patch, message) => {
    const before = JSON.stringify(services.alerts.settings());
    expect(await call('alerts/setSettings', patch)).toEqual({ error: { code: 'invalid_setting', message } });
    expect(JSON.stringify(services.alerts.settings())).toBe(before);
  });

  it('alerts/pending lists what waits to be shown, with when it was recorded and its facts; alerts/markDelivered drains it', async () => {
    // 9,650 credits at 350 an hour last about 28 h: under a 48-hour runway setting.
    await call('alerts/setSettings', { runwayHours: 48 });
    const pending = (await call('alerts/pending', {})) as { result: { id: number; delivery: string; raisedAt: string; data: unknown }[] };
    expect(pending.result.length).toBeGreaterThan(0);
    expect(pending.result.every((a) => a.delivery === 'pending' && typeof a.raisedAt === 'string' && typeof a.data === 'object')).toBe(true);
    expect(await call('alerts/markDelivered', { ids: pending.result.map((a) => a.id) })).toEqual({ result: { delivered: pending.result.length } });
    expect(await call('alerts/pending', {})).toEqual({ result: [] });
    const marked = (await call('alerts/markAllRead', {})) as { result: { marked: number; unread: number } };
    expect(marked.result).toEqual({ unread: 0, marked: pending.result.length });
  });

  it('alerts/list --open leaves out what was resolved', async () => {
    const open = (await call('alerts/list', { open: true })) as { result: { alerts: { resolved: boolean }[] } };
    expect(open.result.alerts.every((a) => !a.resolved)).toBe(true);
  });

  it('a settings patch changes only the fields it names', async () => {
    const before = (await call('alerts/getSettings', {})) as { result: Record<string, unknown> };
    const after = (await call('alerts/setSettings', { runwayHours: 12, deploymentLimits: [{ deploymentId: 1, credits: 900, windowHours: 24 }] })) as {
      result: Record<string, unknown>;
    };
    expect(after.result).toEqual({ ...before.result, runwayHours: 12, deploymentLimits: [{ deploymentId: 1, credits: 900, windowHours: 24 }] });
  });

  it('serves the analysis and a schedule with its monthly saving', async () => {
    expect(await call('insights/analysis', { days: 7 })).toMatchObject({ result: { days: 7, total: 350 } });
    const set = await call('schedules/set', { deploymentId: 1, windows: [0, 1, 2, 3, 4].map((day) => ({ day, start: '20:00', end: '08:00' })) });
    // 12 h × 5 nights = 60 h a week at 350 credits/h, over 30/7 weeks.
    expect(set).toMatchObject({ result: { deploymentId: 1, monthlySaving: 90_000 } });
  });

  it('a schedule carries its zone, its windows as stored and its next edge; set takes a zone and adds windows', async () => {
    await call('schedules/set', { deploymentId: 1, windows: [{ day: 0, start: '20:00', end: '08:00' }], timeZone: 'UTC' });
    const set = await call('schedules/set', { deploymentId: 1, windows: [{ day: 5, start: '20:00', end: '08:00' }], add: true });
    // 2025-03-03 is a Monday: the first window pauses it at 20:00 UTC; the added one stays apart (the order it was set).
    const expected = {
      deploymentId: 1,
      timeZone: 'UTC',
      windowGroups: [
        { days: ['mon'], start: '20:00', end: '08:00' },
        { days: ['sat'], start: '20:00', end: '08:00' },
      ],
      nextEdge: { at: '2025-03-03T20:00:00.000Z', kind: 'pause' },
    };
    expect(set).toMatchObject({ result: expected });
    expect(await call('schedules/list', {})).toMatchObject({ result: [expected] });
  });

  it('schedules/remove says whether there was a schedule and whether the deployment resumed; none is not a refusal', async () => {
    await call('schedules/set', { deploymentId: 1, windows: [{ day: 0, start: '09:00', end: '10:00' }], timeZone: 'UTC' });
    expect(services.engine.deployments.get(1)).toMatchObject({ state: 'paused', pausedReason: 'schedule' });
    expect(await call('schedules/remove', { deploymentId: 1 })).toEqual({ result: { deploymentId: 1, removed: true, resumed: true } });
    expect(await call('schedules/remove', { deploymentId: 1 })).toEqual({ result: { deploymentId: 1, removed: false, resumed: false } });
    expect(await call('schedules/clear', { deploymentId: 1 })).toMatchObject({ error: { code: 'no_schedule' } });
    expect(await call('schedules/remove', { deploymentId: 9 })).toMatchObject({ error: { code: 'unknown_deployment' } });
  });

  it('snapshot carries the insights runway and tints it by hours left', async () => {
    const snap = (await call('snapshot/get', {})) as { result: { runway: { state: string; hours: number } } };
    expect(snap.result.runway.state).toBe('low');
    expect(snap.result.runway.hours).toBeGreaterThan(24);
  });

  it('round-trips schedule windows between the contract and the core', () => {
    const core = windowsFromDto([
      { day: 0, start: '20:00', end: '08:00' },
      { day: 4, start: '20:00', end: '08:00' },
      { day: 5, start: '00:00', end: '24:00' },
    ]);
    expect(core).toEqual([
      { days: ['mon', 'fri'], start: '20:00', end: '08:00' },
      { days: ['sat'], start: '00:00', end: '24:00' },
    ]);
    expect(windowsToDto(core)).toHaveLength(3);
    expect(pausedHoursPerWeek(core)).toBe(48);
  });
});
