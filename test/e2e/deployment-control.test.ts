import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { HOOK, standIn, type StandIn } from '../core/control/control-fixture.js';
import { browserSession } from './support/browser-session.js';
import { attachHook, createDeployment, health, historyRow, openControl, startByHand, WAIT } from './support/control-helpers.js';
import { openView, unlabelledControls } from './support/flow-helpers.js';

const MINUTE = 60_000;
/** A hook that always fails: exit 1, nothing on stderr. */
const FAILING = '/bin/false';

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
  let receiver: http.Server | null = null;
  let events: AbortController | null = null;
  afterAll(async () => {
    inst?.cleanup();
    events?.abort();
    if (receiver) await new Promise((r) => receiver?.close(r));
  });

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
    const row = await createDeployment(page, { name: 'chat-70b', model: 'llama-3-70b', paramsB: 70 });

    // The lead's instance already serves (Burnrate shows it running); attaching a control sends nothing.
    await startByHand(stand);
    expect(await health(stand)).toBe('serving');

    const dialog = await openControl(page, 'chat-70b');
    await dialog.getByText('No actions sent yet.').waitFor();
    await attachHook(dialog, 'chat-70b', stand);
    await dialog.getByRole('button', { name: 'Test' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'Test: exit 0 — the verify URL says serving.' }).waitFor();
    expect(stand.actions()).toEqual(['start', 'test']);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Pause in the UI: the hook runs "pause" and the stand-in really stops (connection refused).
    await page.getByRole('button', { name: 'Pause chat-70b' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('refused');
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'pause (by hand)', 'succeeded · verify ok').filter({ hasText: '3 Mar 2025, 10:00' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Resume: it serves again, and the history says so.
    await page.getByRole('button', { name: 'Resume chat-70b' }).click();
    await row.filter({ hasText: 'running' }).waitFor();
    await expect.poll(() => health(stand), WAIT).toBe('serving');
    await openControl(page, 'chat-70b');
    await historyRow(dialog, 'resume (by hand)', 'succeeded · verify ok').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(stand.actions()).toEqual(['start', 'test', 'pause', 'resume']);

    // A failing hook (exit 1) attached in the dialog: Pause stops billing, the instance keeps running, each retry fails.
    await openControl(page, 'chat-70b');
    await dialog.getByLabel(/^Command/).fill(FAILING);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'chat-70b is controlled by its command now.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Pause chat-70b' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();
    await openControl(page, 'chat-70b');
    // Each try is waited for to end (pending again, its exit in the history) before the clock moves to the next.
    await historyRow(dialog, 'pause (by hand)', 'pending').filter({ hasText: 'exit 1' }).waitFor();
    await historyRow(dialog, 'pause (by hand)', 'next try 3 Mar 2025, 10:01').waitFor();
    for (const [minutes, tries] of [
      [1, 2],
      [5, 3],
    ] as const) {
      await s.host.advance(minutes * MINUTE);
      await historyRow(dialog, 'pause (by hand)', `pending · ${tries} tries`).filter({ hasText: 'exit 1' }).waitFor();
    }
    await s.host.advance(15 * MINUTE);
    await historyRow(dialog, 'pause (by hand)', 'failed · 4 tries').filter({ hasText: 'exit 1' }).waitFor();
    // Every field and button of the dialog has a name a screen reader can say.
    expect(await unlabelledControls(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await health(stand)).toBe('serving');

    await openView(page, 'dashboard');
    const alert = page.getByTestId('action-alerts').getByTestId('action-alert').filter({ hasText: 'chat-70b did not stop' });
    await alert
      .filter({
        hasText: 'chat-70b is still running: Burnrate stopped billing it at 10:00 but the instance did not stop (4 tries, the last: exit 1).',
      })
      .waitFor();
    await s.w.screenshot('control-failed-alert');

    // The working hook again; Resume succeeds, and the alert leaves "Needs your action".
    await openView(page, 'deployments');
    await openControl(page, 'chat-70b');
    await dialog.getByLabel(/^Command/).fill(HOOK);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'chat-70b is controlled by its command now.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Resume chat-70b' }).click();
    await row.filter({ hasText: 'running' }).waitFor();
    await openView(page, 'dashboard');
    await alert.waitFor({ state: 'detached' });
    // The alert leaves with the state change; the hook's try runs after it (seen missing once, under load).
    await expect.poll(() => stand.actions(), WAIT).toEqual(['start', 'test', 'pause', 'resume', 'resume']);
    expect(await health(stand)).toBe('serving');
    expect(s.w.pageErrors).toEqual([]);
  });

  it('a webhook with a secret set in the dialog is signed for the receiver; the secret never reaches the page', async () => {
    const { page } = s.w;
    onTestFailed(async () => {
      await s.w.screenshot('control-webhook-failure').catch(() => undefined);
      console.error('page errors:', s.w.pageErrors, '\nconsole errors:', s.w.consoleErrors);
    });
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    // A token in the URL's query is a secret too: the UI shows the URL without it.
    const token = randomBytes(12).toString('hex');

    // The receiver checks every delivery with the Standard Webhooks library.
    const deliveries: { type: string; reason: string; id: string }[] = [];
    const wh = new Webhook(secret);
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        try {
          const body = wh.verify(raw, req.headers as Record<string, string>) as { type: string; reason: string };
          deliveries.push({ type: body.type, reason: body.reason, id: String(req.headers['webhook-id']) });
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => receiver?.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/burnrate`;

    // Everything the page is answered: each channel's reply, and the pushed events (the host sends every
    // session the same stream, so a second subscriber here reads what the page reads).
    const replies: Promise<string>[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/') && r.request().method() === 'POST') replies.push(r.text().catch(() => ''));
    });
    events = new AbortController();
    let pushed = '';
    const stream = await fetch(`${s.host.origin}/api/events`, { headers: { 'x-burnrate-token': s.host.token }, signal: events.signal });
    void (async () => {
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        pushed += value;
      }
    })().catch(() => undefined);

    const row = await createDeployment(page, { name: 'embed-8b', model: 'bge-large', paramsB: 8 });

    const dialog = await openControl(page, 'embed-8b');
    await dialog.getByText('No actions sent yet.').waitFor();
    await dialog.getByRole('radio', { name: 'Webhook' }).check();
    await dialog.getByLabel('Webhook URL').fill(`${hookUrl}?token=${token}`);
    await dialog.getByLabel(/^Signing secret/).fill(secret);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'embed-8b is controlled by its webhook now.' }).waitFor();
    await dialog.getByLabel(/a secret is kept; enter it again to change the webhook/).waitFor();
    expect(await dialog.getByLabel('Webhook URL').inputValue()).toBe(`${hookUrl}?…`);

    // Test sends a signed "deployment.test"; changing only the idle limit keeps the webhook and its secret.
    await dialog.getByRole('button', { name: 'Test' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'Test: HTTP 204.' }).waitFor();
    await dialog.getByLabel(/^Pause after minutes/).fill('60');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('toast').filter({ hasText: 'embed-8b pauses after 60 min without a request.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Pause in the UI: the receiver gets it, signed; the history shows it delivered.
    await page.getByRole('button', { name: 'Pause embed-8b' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();
    await openControl(page, 'embed-8b');
    await historyRow(dialog, 'pause (by hand)', 'succeeded').filter({ hasText: 'HTTP 204' }).waitFor();
    expect(deliveries.map((d) => `${d.type}/${d.reason}`)).toEqual(['deployment.test/test', 'deployment.pause/user']);
    const view = await s.host.result('control/get', { id: (await s.host.result('deployments/list', {})).find((d) => d.name === 'embed-8b')!.id });
    expect(view).toMatchObject({ control: { kind: 'webhook', hasSecret: true }, idleAfterMinutes: 60 });

    // The secret and the token are nowhere in the page: not in its markup, its fields, its storage, nor in anything it was sent.
    const pageText = await page.evaluate<string>(`[document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input, textarea')].map((e) => e.value),
      JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join(' | ')`);
    const answered = (await Promise.all(replies)).join('\n');
    expect(answered).toContain('"kind":"webhook"');
    expect(pushed).toContain('snapshot/changed');
    for (const [what, text] of [
      ['the page', pageText],
      ['the replies', answered],
      ['the pushed events', pushed],
    ] as const) {
      expect(text.includes(secret), `the secret in ${what}`).toBe(false);
      expect(text.includes(token), `the URL's token in ${what}`).toBe(false);
    }

    // Remove clears it (as deploy control clear).
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Test' }).waitFor({ state: 'detached' });
    expect((await s.host.result('control/get', { id: view.deploymentId })).control).toBeNull();
    expect(s.w.pageErrors).toEqual([]);
  });

  it('the form stays closed until the stored control has filled it (typing first would be overwritten, Save would do nothing)', async () => {
    const { page } = s.w;
    // The webhook test leaves its dialog open.
    const embed = page.getByRole('dialog', { name: 'Control — embed-8b' });
    if (await embed.isVisible()) await embed.getByRole('button', { name: 'Close' }).click();
    // Holds the dialog's first read of the stored control, as a busy machine would.
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/control/get', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Control of chat-70b' }).click();
    const dialog = page.getByRole('dialog', { name: 'Control — chat-70b' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await dialog.getByLabel(/^Verify URL/).isDisabled()).toBe(true);
    release();
    await expect.poll(() => dialog.getByRole('button', { name: 'Save' }).isEnabled(), WAIT).toBe(true);
    // The stored control (the failing hook's fix, attached in the first test) is what the form shows.
    expect(await dialog.getByLabel(/^Command/).inputValue()).toBe(HOOK);
    await page.unroute('**/api/control/get');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
