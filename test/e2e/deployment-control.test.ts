import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Locator } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { HOOK, standIn, type StandIn } from '../core/control/control-fixture.js';
import { browserSession } from './support/browser-session.js';
import { openView } from './support/flow-helpers.js';

const run = promisify(execFile);
const MINUTE = 60_000;
/** Conditions that depend on real processes (a hook, the stand-in) are waited for, never timed: this only catches a hang. */
const WAIT = { timeout: 120_000, interval: 250 };

/** What the stand-in's /health says right now: serving, refused (nothing listens), or something else. */
async function health(inst: StandIn): Promise<'serving' | 'refused' | 'other'> {
  try {
    return (await fetch(inst.healthUrl, { signal: AbortSignal.timeout(5000) })).ok ? 'serving' : 'other';
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ? 'refused' : 'other';
  }
}

/**
 * Deployment control in Debian's Chromium against the web host: a lead attaches
 * a command hook in the deployment's Control dialog, and Pause and Resume in
 * the UI really stop and start the stand-in server (a real process serving
 * /metrics and /health, like vLLM); the dialog's history shows each action and
 * its outcome; a hook that fails raises the critical control_failed alert in
 * "Needs your action" after its retries, and a later success resolves it.
 */
describe('deployment control in the browser', () => {
  const s = browserSession();
  let inst: StandIn | null = null;
  afterAll(() => inst?.cleanup());

  it('a command hook attached in the dialog stops and starts the stand-in on Pause and Resume; a failing hook raises the alert', async () => {
    const { page } = s.w;
    onTestFailed(async () => {
      await s.w.screenshot('control-failure').catch(() => undefined);
      console.error('page errors:', s.w.pageErrors, '\nconsole errors:', s.w.consoleErrors);
    });
    inst = await standIn();
    const stand = inst;
    await s.host.cli(['coupon', 'create', 'GPU100K', '--credits', '100000']);
    await s.host.result('coupons/redeem', { code: 'GPU100K' });
    // The app's time zone is not the browser's (UTC): every time the dialog shows is the app's, like the alert's.
    await s.host.result('settings/update', { timeZone: 'Europe/Berlin' });

    await page.goto(await s.host.newLaunchUrl());
    await page.getByTestId('view-dashboard').waitFor();
    await openView(page, 'deployments');
    await page.getByRole('button', { name: 'New deployment' }).click();
    await page.getByLabel('Name').fill('chat-70b');
    await page.getByLabel('Model').fill('llama-3-70b');
    await page.getByLabel('Parameters (billions)').fill('70');
    await page.getByRole('button', { name: 'Create and start' }).click();
    const row = page.getByTestId('deployment-chat-70b');
    await row.filter({ hasText: 'running' }).waitFor();

    // The lead's instance already serves (Burnrate shows it running); attaching a control sends nothing.
    await run(HOOK, [stand.dir, String(stand.port), 'start']);
    expect(await health(stand)).toBe('serving');

    const dialog = page.getByRole('dialog', { name: 'Control — chat-70b' });
    await page.getByRole('button', { name: 'Control of chat-70b' }).click();
    await dialog.waitFor();
    await dialog.getByText('No actions sent yet.').waitFor();
    await dialog.getByLabel(/^Command/).fill(HOOK);
    await dialog.getByLabel(/^Fixed arguments/).fill(`${stand.dir}\n${stand.port}`);
    await dialog.getByLabel(/^Verify URL/).fill(stand.healthUrl);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'chat-70b is controlled by its command now.' }).waitFor();
    await dialog.getByRole('button', { name: 'Test' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'Test: exit 0 — the verify URL says serving.' }).waitFor();
    expect(stand.actions()).toEqual(['start', 'test']);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Pause in the UI: the hook runs "pause" and the stand-in really stops (connection refused).
    await page.getByRole('button', { name: 'Pause chat-70b' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('refused');
    await page.getByRole('button', { name: 'Control of chat-70b' }).click();
    const history = dialog.getByRole('table', { name: 'Control history' });
    await historyRow(history, 'pause (user)', 'succeeded · verify ok').filter({ hasText: '3 Mar 2025, 10:00' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Resume: it serves again, and the history says so.
    await page.getByRole('button', { name: 'Resume chat-70b' }).click();
    await row.filter({ hasText: 'running' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('serving');
    await page.getByRole('button', { name: 'Control of chat-70b' }).click();
    await historyRow(history, 'resume (user)', 'succeeded · verify ok').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(stand.actions()).toEqual(['start', 'test', 'pause', 'resume']);

    // The hook breaks (exit 3): Pause stops billing, the instance keeps running, each retry fails.
    stand.setMode('fail');
    await page.getByRole('button', { name: 'Pause chat-70b' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();
    await page.getByRole('button', { name: 'Control of chat-70b' }).click();
    // Each try is waited for to end (pending again, its exit in the history) before the clock moves to the next.
    await historyRow(history, 'pause (user)', 'pending').filter({ hasText: 'exit 3: the instance refused' }).waitFor();
    await historyRow(history, 'pause (user)', 'next try 3 Mar 2025, 10:01').waitFor();
    for (const [minutes, tries] of [
      [1, 2],
      [5, 3],
    ] as const) {
      await s.host.advance(minutes * MINUTE);
      await historyRow(history, 'pause (user)', `pending · ${tries} tries`).filter({ hasText: 'exit 3' }).waitFor();
    }
    await s.host.advance(15 * MINUTE);
    await historyRow(history, 'pause (user)', 'failed · 4 tries').filter({ hasText: 'exit 3: the instance refused' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await health(stand)).toBe('serving');

    await openView(page, 'dashboard');
    const alert = page.getByTestId('action-alerts').getByTestId('action-alert').filter({ hasText: 'chat-70b did not stop' });
    await alert
      .filter({
        hasText:
          'chat-70b is still running: Burnrate stopped billing it at 10:00 but the instance did not stop (4 tries, the last: exit 3: the instance refused).',
      })
      .waitFor();
    await s.w.screenshot('control-failed-alert');

    // The hook is fixed; Resume succeeds, and the alert leaves "Needs your action".
    stand.setMode('ok');
    await openView(page, 'deployments');
    await page.getByRole('button', { name: 'Resume chat-70b' }).click();
    await row.filter({ hasText: 'running' }).waitFor();
    await openView(page, 'dashboard');
    await alert.waitFor({ state: 'detached' });
    expect(s.w.pageErrors).toEqual([]);
  });
});

/** The history row of an action whose outcome cell says `outcome`. */
function historyRow(history: Locator, action: string, outcome: string): Locator {
  return history.getByRole('row').filter({ hasText: action }).filter({ hasText: outcome }).first();
}
