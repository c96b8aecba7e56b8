import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { standIn, type StandIn } from '../core/control/control-fixture.js';
import { browserSession } from './support/browser-session.js';
import { attachHook, createDeployment, health, historyRow, openControl, startByHand, WAIT } from './support/control-helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The pauses nobody clicks, in Debian's Chromium against the web host: with a
 * command hook attached in the Control dialog, a schedule's night (set in the
 * Schedule dialog), an idle stretch (the limit set in the Control dialog, the
 * stand-in's /metrics scraped) and credits running out each really stop the
 * stand-in server (connection refused), and the dialog's history names why.
 * The engine's clock is moved with the web host's test clock.
 */
describe('automatic pauses stop the real instance', () => {
  const s = browserSession();
  let inst: StandIn | null = null;
  afterAll(() => inst?.cleanup());

  it("a schedule's night, an idle stretch and credits running out each stop the stand-in", async () => {
    const { page } = s.w;
    onTestFailed(async () => {
      await s.w.screenshot('control-auto-failure').catch(() => undefined);
      console.error('page errors:', s.w.pageErrors, '\nconsole errors:', s.w.consoleErrors);
      // What the engine recorded of each action and try, what the hook was called with, and what the host said.
      const listed = await s.host.result('deployments/list', {}).catch(() => []);
      for (const d of listed)
        console.error(`control of ${d.name}:`, JSON.stringify(await s.host.result('control/get', { id: d.id }).catch((e: unknown) => String(e))));
      console.error('hook calls:', JSON.stringify(inst?.actions()), '\nalerts:', JSON.stringify(await s.host.result('alerts/list', {}).catch(() => null)));
      console.error('web host stderr:', s.host.stderr().slice(-4000));
    });
    inst = await standIn();
    const stand = inst;
    await s.host.result('settings/update', { timeZone: 'UTC' });
    // Less than a day of GPU L (350 credits an hour): enough for the night and the idle stretch, then they run out.
    await s.host.cli(['coupon', 'create', 'GPU8K', '--credits', '8000']);
    await s.host.result('coupons/redeem', { code: 'GPU8K' });
    await page.goto(await s.host.newLaunchUrl());
    await page.getByTestId('view-dashboard').waitFor();

    // Monday 09:00: chat-70b runs (its instance already serves) and gets its hook.
    const row = await createDeployment(page, { name: 'chat-70b', model: 'llama-3-70b', paramsB: 70 });
    await startByHand(stand);
    const dialog = await openControl(page, 'chat-70b');
    await attachHook(dialog, 'chat-70b', stand);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const id = (await s.host.result('deployments/list', {})).find((d) => d.name === 'chat-70b')!.id;

    // A schedule's night: paused at 20:00, resumed at 08:00.
    await page.getByRole('button', { name: 'Pause schedule for chat-70b' }).click();
    const schedule = page.getByRole('dialog', { name: 'Pause schedule — chat-70b' });
    await schedule.getByRole('button', { name: 'Nights 20:00–08:00' }).click();
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.waitFor({ state: 'hidden' });
    await s.host.advance(11 * HOUR);
    await row.filter({ hasText: 'by schedule' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('refused');
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'pause (schedule)', 'succeeded · verify ok').filter({ hasText: '3 Mar 2025, 20:00' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await s.host.advance(12 * HOUR);
    await row.filter({ hasText: 'running' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('serving');
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'resume (schedule)', 'succeeded · verify ok').filter({ hasText: '4 Mar 2025, 08:00' }).waitFor();

    // An idle stretch: 30 minutes without a request, seen in the stand-in's /metrics (scraped at 08:45), pauses it at 08:30.
    await dialog.getByLabel(/^Pause after minutes/).fill('30');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'chat-70b pauses after 30 min without a request.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await s.host.cli(['usage', 'scrape-config', String(id), '--url', `http://127.0.0.1:${stand.port}/metrics`]);
    await s.host.advance(45 * MINUTE);
    await s.host.cli(['usage', 'scrape', String(id)]);
    // The host's next heartbeat settles what the scrape made known (a zero move of the test clock is one).
    await s.host.advance(0);
    await row.filter({ hasText: 'while idle' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('refused');
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'pause (idle)', 'succeeded · verify ok').filter({ hasText: '4 Mar 2025, 08:30' }).waitFor();

    // Idle auto-pause off, the schedule cleared, resumed by the lead: it serves until the credits run out.
    await dialog.getByLabel(/^Pause after minutes/).fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'Idle auto-pause is off for chat-70b.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Pause schedule for chat-70b' }).click();
    await schedule.getByRole('button', { name: 'Clear' }).click();
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Resume chat-70b' }).click();
    await row.filter({ hasText: 'running' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('serving');
    // The resume is seen through (its check agreed) before the clock moves: only the latest action is checked.
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'resume (by hand)', 'succeeded · verify ok').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await s.host.advance(24 * HOUR);
    await row.filter({ hasText: 'for credits' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('refused');
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'pause (out of credits)', 'succeeded · verify ok').waitFor();
    await s.w.screenshot('control-auto-history');
    expect(stand.actions()).toEqual(['start', 'pause', 'resume', 'pause', 'resume', 'pause']);
    expect((await s.host.result('alerts/list', {})).alerts.filter((a) => a.kind === 'control_failed')).toEqual([]);
    expect(s.w.pageErrors).toEqual([]);
  });
});
