import { describe, expect, it } from 'vitest';
import type { AlertKind } from '../../../main/core/alerts/alert-types.js';
import type { SimulatedClock } from '../../../main/core/clock.js';
import type { Snapshot } from '../../../preload/contract.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();

function raise(kind: AlertKind, actions: { label: string; target: string }[], n = 0): void {
  fx.services().alerts.raise({
    kind,
    severity: 'warning',
    title: `${kind} ${n}`,
    message: 'm',
    dedupeKey: `${kind}:${n}`,
    at: fx.services().engine.now() + n,
    actions,
  });
}

async function actionAlerts(): Promise<NonNullable<Snapshot['actionAlerts']>> {
  const r = await fx.call('snapshot/get', {});
  if (!('result' in r)) throw new Error(JSON.stringify(r));
  return (r.result as Snapshot).actionAlerts!;
}

describe('snapshot: unread alerts that need an action (the dashboard list)', () => {
  it.each([
    [
      'low balance',
      'low_balance',
      [
        { label: 'Add credits', target: 'add-credits' },
        { label: 'Pause all', target: 'pause-all' },
      ],
      ['billing', 'deployments'],
    ],
    ['a failed refill', 'refill_failed', [{ label: 'Update card', target: 'update-card' }], ['billing']],
    ['a spend limit', 'deployment_spend', [{ label: 'Pause', target: 'pause:3' }], ['deployments']],
  ] as const)('lists %s with its buttons and where each is acted on', async (_what, kind, actions, views) => {
    raise(kind, [...actions]);
    const a = await actionAlerts();
    expect(a.total).toBe(1);
    expect(a.alerts[0]?.actions?.map((x) => x.view)).toEqual(views);
  });

  it.each([
    ['a daily summary', 'daily_summary', [{ label: 'Cost analysis', target: 'open:cost-analysis' }]],
    ['a refill that went through', 'refill_succeeded', []],
    ['an alert with no button', 'low_balance', []],
  ] as const)('leaves out %s (nothing to do)', async (_what, kind, actions) => {
    raise(kind, [...actions]);
    expect(await actionAlerts()).toEqual({ alerts: [], total: 0 });
  });

  it('drops an alert once read (Dismiss), shows the newest five and counts the rest', async () => {
    for (let n = 0; n < 7; n++) raise('low_balance', [{ label: 'Add credits', target: 'add-credits' }], n);
    const a = await actionAlerts();
    expect(a.total).toBe(7);
    expect(a.alerts.map((x) => x.title)).toEqual([6, 5, 4, 3, 2].map((n) => `low_balance ${n}`));
    await fx.call('alerts/markRead', { ids: [a.alerts[0]!.id] });
    const after = await actionAlerts();
    expect(after.total).toBe(6);
    expect(after.alerts[0]?.title).toBe('low_balance 5');
  });

  it('lists a deployment paused for credits until it runs again (credits added, auto-resume)', async () => {
    const { engine } = fx.services();
    await engine.createCoupon({ code: 'SOME', credits: 100 });
    await engine.redeemCoupon('SOME');
    const d = await engine.createDeployment({ name: 'chat', model: 'm', paramsB: 8, precision: 'fp16', tier: 'S' });
    await engine.startDeployment(d.id); // 100 → 40; the next hour cannot be paid
    (engine.clock as SimulatedClock).advance(60 * 60_000 + 1);
    let a = await actionAlerts();
    expect(a.alerts.map((x) => x.kind)).toContain('paused_for_credits');
    await engine.createCoupon({ code: 'MORE', credits: 1000 });
    await engine.redeemCoupon('MORE');
    a = await actionAlerts();
    expect(a.alerts.map((x) => x.kind)).not.toContain('paused_for_credits');
  });

  it.each([
    ['a low balance now above the threshold', 'low_balance', { threshold: 500 }, false],
    ['a low balance still below it', 'low_balance', { threshold: 1_000_000 }, true],
  ] as const)('%s: listed %s', async (_what, kind, data, listed) => {
    await fx.services().engine.createCoupon({ code: 'FUND', credits: 2000 });
    await fx.services().engine.redeemCoupon('FUND');
    fx.services().alerts.raise({
      kind,
      severity: 'warning',
      title: 't',
      message: 'm',
      dedupeKey: `${kind}:x`,
      at: fx.services().engine.now(),
      actions: [{ label: 'Add credits', target: 'add-credits' }],
      data,
    });
    expect((await actionAlerts()).total).toBe(listed ? 1 : 0);
  });

  it('of several runway alerts only the newest is listed', async () => {
    for (let n = 0; n < 3; n++) raise('runway_low', [{ label: 'Add credits', target: 'add-credits' }], n);
    const a = await actionAlerts();
    expect(a.alerts.map((x) => x.title)).toEqual(['runway_low 2']);
  });

  it('counts to 50 among alerts with buttons, however many newer ones have none', async () => {
    for (let n = 0; n < 50; n++) raise('low_balance', [{ label: 'Add credits', target: 'add-credits' }], n);
    for (let n = 50; n < 60; n++) raise('low_balance', [], n);
    expect((await actionAlerts()).total).toBe(50);
  });
});
