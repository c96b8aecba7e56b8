import { describe, expect, it } from 'vitest';
import type { Alert, Deployment, Snapshot } from '../../preload/contract.js';
import { isTrustedSender } from '../../main/shell/ipc-sender.js';
import { notificationFor } from '../../main/shell/notification-text.js';
import { formatRunwayHours, trayMenuModel, trayTint, trayTooltip } from '../../main/shell/tray-model.js';

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    at: '2025-03-03T09:00:00.000Z',
    balance: 12_345,
    monthSpend: 0,
    lastMonthSpend: 0,
    projectedMonth: 0,
    burnPerHour: 350,
    running: 1,
    paused: 0,
    pausedForCredits: 0,
    timeZone: 'UTC',
    runway: { state: 'low', endsAt: null, hours: 55, firstToPause: null },
    autoRefill: null,
    banners: [],
    unreadAlerts: 0,
    ...over,
  };
}

function dep(id: number, name: string, state: Deployment['state']): Deployment {
  return {
    id,
    name,
    model: 'm',
    params: 7,
    precision: 'fp16',
    tier: 'S',
    state,
    pausedReason: null,
    creditsPerHour: 60,
    nextChargeAt: null,
    paidUntil: null,
    createdAt: null,
  };
}

describe('tray', () => {
  it('writes the tooltip the UX guide shows', () => {
    expect(trayTooltip(snap())).toBe('Burnrate — 12,345 credits ($123.45) · runway 2 d 7 h');
    expect(trayTooltip(null)).toBe('Burnrate');
  });

  it.each([
    [55, '2 d 7 h'],
    [24, '1 d 0 h'],
    [5.34, '5 h 20 min'],
    [0.2, '12 min'],
    [0, '0 min'],
    [-1, '0 min'],
  ])('formats %s hours as %s', (hours, text) => expect(formatRunwayHours(hours)).toBe(text));

  it.each([
    [{ runway: { state: 'ok' as const, endsAt: null, hours: null, firstToPause: null }, running: 0 }, 'nothing running'],
    [{ pausedForCredits: 2, running: 0, runway: { state: 'critical' as const, endsAt: null, hours: null, firstToPause: null } }, 'paused for credits'],
  ])('says what the runway is when there is none (%#)', (over, phrase) => {
    expect(trayTooltip(snap(over))).toContain(phrase);
  });

  it('builds the menu from the snapshot and the deployments', () => {
    const menu = trayMenuModel(snap(), [dep(1, 'llama', 'running'), dep(2, 'mistral', 'paused'), dep(3, 'old', 'stopped')]);
    const labels = menu.filter((i) => !i.separator).map((i) => i.label);
    expect(labels).toEqual([
      'Balance: 12,345 credits ($123.45)',
      'Runway 2 d 7 h',
      'Open Burnrate',
      'Buy credits',
      'Pause all',
      'Resume all',
      'Running (1)',
      'Quit Burnrate',
    ]);
    expect(menu[0]!.enabled).toBe(false);
    expect(menu[1]!.enabled).toBe(false);
    expect(menu.find((i) => i.label === 'Buy credits')!.submenu!.map((s) => s.action)).toEqual(
      [500, 1000, 2000, 5000, 10000].map((credits) => ({ type: 'buy', credits })),
    );
    expect(menu.find((i) => i.label === 'Running (1)')!.submenu).toEqual([
      { label: 'Pause llama — 60 credits/h', enabled: true, action: { type: 'pause', deploymentId: 1 } },
    ]);
  });

  it('disables Pause all / Resume all when there is nothing to pause or resume', () => {
    const menu = trayMenuModel(snap({ running: 0 }), []);
    expect(menu.find((i) => i.label === 'Pause all')!.enabled).toBe(false);
    expect(menu.find((i) => i.label === 'Resume all')!.enabled).toBe(false);
  });

  it('offers Resume all only when something is paused for credits (a user’s or a schedule’s pause is never resumed by it)', () => {
    const resumeAll = (list: ReturnType<typeof dep>[]) => trayMenuModel(snap(), list).find((i) => i.label === 'Resume all')!.enabled;
    expect(
      resumeAll([
        { ...dep(1, 'a', 'paused'), pausedReason: 'user' },
        { ...dep(2, 'b', 'paused'), pausedReason: 'schedule' },
      ]),
    ).toBe(false);
    expect(resumeAll([{ ...dep(1, 'a', 'paused'), pausedReason: 'insufficient_credits' }])).toBe(true);
  });

  it('tints by runway state', () => {
    expect(trayTint(snap())).toBe('low');
    expect(trayTint(null)).toBe('ok');
  });
});

describe('notifications', () => {
  const alert: Alert = {
    id: 7,
    kind: 'low_balance',
    severity: 'warning',
    title: 'Balance below 500 credits',
    message: '480 left (≈ 2 h at current burn).',
    at: '2025-03-03T09:00:00.000Z',
    read: false,
    action: { label: 'Add credits', view: 'billing' },
  };

  it('uses the alert title and message and opens the action view on click', () => {
    expect(notificationFor(alert)).toEqual({
      title: 'Balance below 500 credits',
      body: '480 left (≈ 2 h at current burn).',
      view: 'billing',
      urgency: 'normal',
    });
  });

  it('opens the alert list when the alert has no action, and trims long text', () => {
    const n = notificationFor({ ...alert, severity: 'critical', action: null, message: 'x'.repeat(500) });
    expect(n.view).toBe('alerts');
    expect(n.urgency).toBe('critical');
    expect(n.body.length).toBe(240);
  });

  it('carries the deployment to open', () => {
    expect(notificationFor({ ...alert, action: { label: 'Resume', view: 'deployments', deploymentId: 3 } })).toMatchObject({
      view: 'deployments',
      deploymentId: 3,
    });
  });
});

describe('IPC sender check', () => {
  const registered = new Set([5]);
  it.each([
    ['the registered main frame on app://', { webContentsId: 5, isMainFrame: true, frameUrl: 'app://burnrate/index.html' }, true],
    ['an unregistered webContents', { webContentsId: 6, isMainFrame: true, frameUrl: 'app://burnrate/index.html' }, false],
    ['an iframe', { webContentsId: 5, isMainFrame: false, frameUrl: 'app://burnrate/index.html' }, false],
    ['a page navigated to the web', { webContentsId: 5, isMainFrame: true, frameUrl: 'https://evil.com/' }, false],
    ['a file: page', { webContentsId: 5, isMainFrame: true, frameUrl: 'file:///tmp/x.html' }, false],
    ['another app host', { webContentsId: 5, isMainFrame: true, frameUrl: 'app://evil/index.html' }, false],
    ['an app host lookalike', { webContentsId: 5, isMainFrame: true, frameUrl: 'app://burnrate.evil/index.html' }, false],
    ['userinfo trick', { webContentsId: 5, isMainFrame: true, frameUrl: 'app://x@burnrate/index.html' }, false],
    ['about:blank', { webContentsId: 5, isMainFrame: true, frameUrl: 'about:blank' }, false],
    ['an empty URL', { webContentsId: 5, isMainFrame: true, frameUrl: '' }, false],
  ])('%s → %s', (_why, facts, ok) => {
    expect(isTrustedSender(facts, registered)).toBe(ok);
  });
});
