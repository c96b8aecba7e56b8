import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type SimulatedClock } from '../../../main/core/clock.js';
import { grantCredits, spec } from '../../support/engine-fixture.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

// The operations the CLI's commands call through the door (issue 11: one door), checked where every host meets them.
describe('operations the CLI shares with every host', () => {
  const h = useHandlerServices();
  const clock = () => h.services().engine.clock as SimulatedClock;

  async function running(): Promise<number> {
    const e = h.services().engine;
    await grantCredits(e, 100_000);
    const d = await e.createDeployment(spec());
    await e.startDeployment(d.id);
    return d.id;
  }

  it('billing/tick settles what fell due and reports it; a held catch-up is refused with its gap as data', async () => {
    const id = await running();
    clock().advance(2 * HOUR_MS + 60_000);
    const r = (await h.call('billing/tick', {})) as { result: { charged: { deploymentId: number; hourStart: string }[]; chargedCredits: number } };
    expect(r.result.charged.map((c) => c.deploymentId)).toEqual([id, id]);
    expect(r.result.charged[0]!.hourStart).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    clock().advance(100 * DAY_MS);
    expect(await h.call('billing/tick', {})).toMatchObject({ error: { code: 'catch_up_unconfirmed', data: { days: 99 } } });
    const confirmed = (await h.call('alerts/confirmCatchUp', {})) as { result: { confirmed: { days: number }; charged: unknown[]; chargedHours: number } };
    expect(confirmed.result.confirmed.days).toBe(99);
    expect(confirmed.result.charged).toHaveLength(confirmed.result.chargedHours);
  });

  it('billing/status: the headline figures with burn, projection and runway', async () => {
    await running();
    const r = (await h.call('billing/status', {})) as { result: Record<string, unknown> };
    expect(Object.keys(r.result)).toEqual([
      'balance',
      'monthSpend',
      'running',
      'paused',
      'pausedForCredits',
      'timeZone',
      'at',
      'projectedMonth',
      'burnPerHour',
      'runway',
    ]);
    expect(r.result).toMatchObject({ running: 1, burnPerHour: expect.any(Number) });
  });

  it.each([
    [{ kinds: ['charge'] }, ['charge', 'charge']],
    [{ limit: 1 }, ['coupon']],
    [{ limit: 0 }, []],
    [{}, ['coupon', 'charge', 'charge']],
  ])('ledger/list %j: oldest first, filtered', async (input, kinds) => {
    await running();
    clock().advance(HOUR_MS + 60_000);
    const r = (await h.call('ledger/list', input)) as { result: { kind: string }[] };
    expect(r.result.map((e) => e.kind)).toEqual(kinds);
  });

  it.each([
    ['deployments/get', { id: 99 }, 'unknown_deployment'],
    ['catalog/setPrice', { tier: 'S', credits: 0 }, 'invalid_price'],
    ['catalog/setPrice', { tier: 'S', credits: 2.5 }, 'invalid_price'],
    ['settings/update', { timeZone: 'Mars/Olympus' }, 'invalid_time_zone'],
    ['usage/scrape', { deploymentId: 1 }, 'no_scrape_target'],
    ['control/set', { id: 1, kind: 'webhook', url: 'https://hooks.example', secret: '', verifyUrl: null }, 'invalid_secret'],
    ['control/set', { id: 1, kind: 'command', command: 'relative/path', args: [], verifyUrl: null }, 'invalid_command'],
    ['ledger/list', { limit: -1 }, 'invalid_input'],
  ])("%s %j is refused with the core's own code (%s), whichever host sent it", async (channel, input, code) => {
    await running();
    expect(await h.call(channel, input)).toMatchObject({ error: { code } });
  });

  it('catalog/setPrice changes the price from now on and answers the tier', async () => {
    expect(await h.call('catalog/setPrice', { tier: ' s ', credits: 75 })).toMatchObject({ result: { code: 'S', creditsPerHour: 75 } });
    expect(await h.call('catalog/setPrice', { tier: 'xl', credits: 900, name: 'GPU XL', memoryGb: 320 })).toMatchObject({
      result: { code: 'XL', name: 'GPU XL', memoryGb: 320, creditsPerHour: 900 },
    });
  });

  it('control/clear says whether there was a control; control/get lists at most `limit` actions', async () => {
    const id = await running();
    expect(await h.call('control/clear', { id })).toMatchObject({ result: { deploymentId: id, control: null, removed: false } });
    expect(await h.call('control/get', { id, limit: 0 })).toMatchObject({ result: { history: [] } });
    expect(await h.call('control/get', { id, limit: 1001 })).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('usage/setTarget, usage/removeTarget: set, then removed once', async () => {
    const id = await running();
    expect(await h.call('usage/setTarget', { deploymentId: id, url: 'http://10.0.0.5:8000/metrics' })).toMatchObject({
      result: { deploymentId: id, url: 'http://10.0.0.5:8000/metrics' },
    });
    expect(await h.call('usage/removeTarget', { deploymentId: id })).toEqual({ result: { removed: true } });
    expect(await h.call('usage/removeTarget', { deploymentId: id })).toEqual({ result: { removed: false } });
  });
});
