import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { callServerName } from '../../main/client/server-client.js';
import { type PostgresCluster } from '../support/postgres-cluster.js';
import { runCli } from '../support/run-cli.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { openWatchedPage, type WatchedPage } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { openView } from './support/flow-helpers.js';
import { startWebHost, type WebHost } from './support/web-host.js';

/**
 * A viewer's browser session on a web host connected to a team server
 * (`--server`, BURNRATE_TOKEN): Settings says who is signed in, with which
 * role, in which org; deploying and buying are not offered (disabled, with
 * the role's reason); when the server goes away the page says it is offline,
 * that what it shows is the synced ledger, and keeps showing it.
 */
let cluster: PostgresCluster;
let server: ServerProcess;
let host: WebHost;
let w: WatchedPage;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'connected-viewer-'));

/** A channel on the team server as the admin (the set-up). */
async function asAdmin<T>(token: string, name: string, body: unknown): Promise<T> {
  return (await callServerName({ url: server.url, token }, name, body)) as T;
}

beforeAll(async () => {
  cluster = await postgresForFile();
  const db = await cluster.createDatabase();
  server = await startServerProcess(['--sandbox-dir', path.join(root, 'sandbox')], { BURNRATE_DATABASE_URL: db.url, STRIPE_SECRET_KEY: '' });
  const org = runCli(['server', 'org', 'create', '--name', 'Acme', '--admin-email', 'ada@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (org.code !== 0) throw new Error(`org create failed: ${org.stderr}`);
  const adminToken = (org.json as { token: string }).token;
  const viewerToken = (await asAdmin<{ token: string }>(adminToken, 'members/add', { email: 'vi@acme.test', role: 'viewer' })).token;
  await asAdmin(adminToken, 'deployments/create', { name: 'chat-prod', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
  host = await startWebHost({ rendererDir: await buildRenderer(), server: { url: server.url, token: viewerToken } });
  w = await openWatchedPage({ width: 1280, height: 800, colorScheme: 'light' });
}, 300_000);

afterAll(async () => {
  await w?.close();
  await host?.stop();
  if (server && server.child.exitCode === null) await server.stop();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a viewer connected to a team server', () => {
  it('sees who is signed in, is offered neither deploying nor buying, and offline is told the figures are the synced ledger', async () => {
    const { page } = w;
    onTestFailed(() => console.error('page errors:', w.pageErrors, '\nconsole errors:', w.consoleErrors, '\nhost:', host.stderr()));
    await page.goto(await host.newLaunchUrl());
    await page.getByTestId('view-dashboard').waitFor();

    await openView(page, 'settings');
    await page.getByTestId('team-status').waitFor();
    const shown: [string, string][] = [
      ['team-email', 'vi@acme.test'],
      ['team-role', 'viewer'],
      ['team-org', 'Acme'],
      ['team-server', server.url],
      ['team-online', 'Online'],
    ];
    for (const [id, text] of shown) expect(await page.getByTestId(id).textContent()).toBe(text);
    expect(await page.getByTestId('team-token').count()).toBe(0);
    // The tray and login choices are this computer's, not the org's: not offered while connected.
    await page.getByTestId('tray-settings-local').waitFor();
    expect(await page.getByTestId('close-to-tray').count()).toBe(0);

    await openView(page, 'deployments');
    await page.getByTestId('deployment-chat-prod').waitFor();
    expect(await page.getByTestId('new-deployment').isDisabled()).toBe(true);
    expect(await page.getByTestId('new-deployment').getAttribute('title')).toMatch(/^Not for your role: viewers in Acme/);
    expect(await page.getByRole('button', { name: 'Start chat-prod' }).isDisabled()).toBe(true);

    await openView(page, 'billing');
    await page.locator('[data-testid="not-allowed"][data-channel="payments/purchase"]').waitFor();
    expect(await page.getByTestId('buy-now').isDisabled()).toBe(true);
    expect(await page.getByTestId('pay-in-browser').isDisabled()).toBe(true);
    expect(await page.getByTestId('coupon-apply').isDisabled()).toBe(true);

    // The team server goes away: the page says so at once (its event stream dropped) and keeps the synced figures.
    await server.stop();
    await page
      .getByTestId('offline-banner')
      .filter({ hasText: /^Offline: can't reach the team server at .*comes from the synced ledger/ })
      .waitFor();
    await openView(page, 'deployments');
    await page.getByTestId('deployment-chat-prod').waitFor();
    expect(w.pageErrors).toEqual([]);
  }, 180_000);
});
