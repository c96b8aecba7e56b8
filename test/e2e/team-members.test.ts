import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callServerName } from '../../main/client/server-client.js';
import { runCli } from '../support/run-cli.js';
import { type PostgresCluster } from '../support/postgres-cluster.js';
import { freePort, type SandboxProcess, startSandboxProcess } from '../support/sandbox-process.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { closeTab, launchChromium, openWatchedPage, type WatchedPage } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { creditsText, openView } from './support/flow-helpers.js';
import { startWebHost, type WebHost } from './support/web-host.js';

/**
 * Issue 13's proof, end to end in Chromium: three members of one org (a lead,
 * an admin, a viewer), each in a browser of their own on a web host of their
 * own connected to ONE team server on PostgreSQL (`--server URL`,
 * BURNRATE_TOKEN; no Stripe key on any of them). The server's Stripe is a
 * standalone `burnrate sandbox serve` delivering signed webhooks to it. The
 * lead adds a card on the sandbox's hosted setup page (never in the app) and
 * buys credits with it; the admin turns auto-refill on; the viewer sees both
 * and can do neither — the renderer does not offer the actions (its role gate)
 * and the page's own calls of those channels are refused for the role by the
 * server. Every session shows the one ledger.
 */
const SECRET = 'whsec_team_members_e2e_0123456789';
type Who = 'lead' | 'admin' | 'viewer';

let cluster: PostgresCluster;
let sandbox: SandboxProcess;
let server: ServerProcess;
let browser: Browser;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'team-e2e-'));
const tokens = {} as Record<Who, string>;
const hosts = {} as Record<Who, WebHost>;
const tabs = {} as Record<Who, WatchedPage>;

/** A channel on the team server, as `token`'s member (the admin's set-up; the checks of what the org holds). */
async function api<T>(token: string, name: string, body: unknown): Promise<T> {
  return (await callServerName({ url: server.url, token }, name, body)) as T;
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. Conditions, never fixed sleeps. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 200));
}

/** What the page's own API answers for a channel: a fetch from inside the page, with the tab's session, as its transport sends it. */
function pageCall(page: Page, channel: string, input: unknown): Promise<{ result?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(`fetch(${JSON.stringify(`/api/${channel}`)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-burnrate-token': sessionStorage.getItem('burnrate.session') ?? '' },
      body: ${JSON.stringify(JSON.stringify(input))},
    }).then((res) => res.json())`);
}

/** The renderer's gate (features/team/Gate.tsx) shuts the action behind `channel` for the role, in its words. */
function notOffered(page: Page, channel: string, role: 'leads' | 'viewers'): Promise<void> {
  return page
    .locator(`[data-testid="not-allowed"][data-channel="${channel}"]`)
    .filter({ hasText: `Not for your role: ${role} in Acme` })
    .waitFor();
}

/** The balance pill of a member's page shows `credits`. */
function pillShows(page: Page, credits: number): Promise<void> {
  return page
    .getByTestId('balance-pill')
    .filter({ hasText: creditsText(credits) })
    .waitFor();
}

beforeAll(async () => {
  cluster = await postgresForFile();
  const db = await cluster.createDatabase();
  // The sandbox must know the server's webhook URL before the server starts (the server needs the sandbox's URL): a port chosen first.
  const port = await freePort();
  sandbox = await startSandboxProcess(path.join(root, 'sandbox.db'), { url: `http://127.0.0.1:${port}/v1/stripe/webhook`, secret: SECRET });
  server = await startServerProcess(['--port', String(port)], {
    BURNRATE_DATABASE_URL: db.url,
    BURNRATE_STRIPE_API: sandbox.url,
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: SECRET,
  });
  const org = runCli(['server', 'org', 'create', '--name', 'Acme', '--admin-email', 'ada@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (org.code !== 0) throw new Error(`org create failed: ${org.stderr}`);
  tokens.admin = (org.json as { token: string }).token;
  tokens.lead = (await api<{ token: string }>(tokens.admin, 'members/add', { email: 'lee@acme.test', role: 'lead' })).token;
  tokens.viewer = (await api<{ token: string }>(tokens.admin, 'members/add', { email: 'vi@acme.test', role: 'viewer' })).token;

  const rendererDir = await buildRenderer();
  browser = await launchChromium();
  const who: Who[] = ['lead', 'admin', 'viewer'];
  await Promise.all(
    who.map(async (w) => {
      hosts[w] = await startWebHost({ rendererDir, server: { url: server.url, token: tokens[w] } });
      tabs[w] = await openWatchedPage({ width: 1280, height: 800, colorScheme: 'light', browser });
      await tabs[w].page.goto(await hosts[w].newLaunchUrl());
      await tabs[w].page.getByTestId('view-dashboard').waitFor();
    }),
  );
}, 300_000);

/** Runs one clean-up step, saying on stderr which one is still running after 20 s (a hang names itself). */
async function step(name: string, run: () => Promise<unknown>): Promise<void> {
  const slow = setTimeout(() => console.error(`clean-up: "${name}" still running after 20 s`), 20_000);
  try {
    await run();
  } finally {
    clearTimeout(slow);
  }
}

afterAll(async () => {
  await step('close the tabs', () => Promise.all(Object.values(tabs).map((t) => t.close())));
  await step('close Chromium', async () => browser?.close());
  await step('stop the web hosts', () => Promise.all(Object.values(hosts).map((h) => h.stop())));
  await step('stop the team server', async () => (server && server.child.exitCode === null ? server.stop() : undefined));
  await step('stop the sandbox', async () => sandbox?.stop());
  await step('drop the databases', async () => cluster?.stop());
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

describe('members of one org on one team server, each in their own browser', () => {
  // On a failure, what the pages and processes said (a browser test's own output says little).
  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      for (const w of ['lead', 'admin', 'viewer'] as const)
        console.error(`${w}: page errors`, tabs[w]?.pageErrors, 'console errors', tabs[w]?.consoleErrors, '\nhost stderr:', hosts[w]?.stderr().slice(-2000));
      console.error('server stderr:', server?.output().stderr.slice(-3000), '\nsandbox stderr:', sandbox?.stderr().slice(-2000));
    }),
  );

  it('the lead adds a card on the sandbox’s setup page, never in the app, and buys credits with it', async () => {
    const { page, context } = tabs.lead;
    await openView(page, 'billing');
    // A lead buys and adds cards; auto-refill is an admin's, so its form is shut, saying why.
    await notOffered(page, 'payments/setAutoRefill', 'leads');
    expect(await page.getByTestId('refill-save').isDisabled()).toBe(true);
    const popup = context.waitForEvent('page');
    await page.getByTestId('add-card').click();
    const cardPage = await popup;
    await cardPage.waitForLoadState();
    // The page is the server's Stripe's (the sandbox), not the app's.
    expect(new URL(cardPage.url()).origin).toBe(new URL(sandbox.url).origin);
    await cardPage.getByRole('heading', { name: 'Save a card' }).waitFor();
    await cardPage.getByLabel(/type a test card number/).fill('4242 4242 4242 4242');
    await Promise.all([cardPage.waitForURL(/\/checkout\/return\?outcome=success/), cardPage.getByRole('button', { name: 'Save card' }).click()]);
    await cardPage.getByRole('heading', { name: 'Card saved — return to Burnrate' }).waitFor();
    await closeTab(cardPage);
    await page.getByTestId('card-setup-outcome').filter({ hasText: 'Visa ••4242 saved as the default card.' }).waitFor();
    await page.getByTestId('saved-card').filter({ hasText: '••4242' }).waitFor();

    await page.getByTestId('pack-2000').click();
    await page.getByTestId('buy-now').click();
    await page.getByTestId('purchase-question').filter({ hasText: 'Visa ••4242' }).waitFor();
    await page.getByTestId('purchase-confirm').click();
    await page.getByTestId('purchase-outcome').filter({ hasText: '2,000' }).waitFor();
    await pillShows(page, 2000);
    // The org's one ledger on the server holds the purchase, charged to the card saved in the browser.
    const [card] = await api<{ id: string; last4: string }[]>(tokens.admin, 'payments/cards', {});
    expect(card).toMatchObject({ last4: '4242', isDefault: true });
    const intents = (await sandbox.stripe().paymentIntents.list({ limit: 10 })).data;
    expect(intents.map((i) => [i.status, i.amount, i.payment_method])).toEqual([['succeeded', 2000, card!.id]]);
  }, 240_000);

  it('the admin turns auto-refill on, charging the saved card', async () => {
    const { page } = tabs.admin;
    await pillShows(page, 2000);
    await openView(page, 'billing');
    await page.getByTestId('saved-card').filter({ hasText: '••4242' }).waitFor();
    // Everything is offered to an admin: no role gate on the page (an offline moment would gate it too, in other words).
    expect(await page.getByTestId('not-allowed').filter({ hasText: 'Not for your role' }).count()).toBe(0);
    await page.getByTestId('refill-enabled').check();
    await page.getByTestId('refill-threshold').fill('500');
    await page.getByTestId('refill-amount').fill('2000');
    await page.getByTestId('refill-save').click();
    await page.getByTestId('toast').filter({ hasText: 'Auto-refill saved.' }).waitFor();
    expect(await api(tokens.viewer, 'payments/getAutoRefill', {})).toMatchObject({ enabled: true, threshold: 500, amount: 2000 });
  }, 240_000);

  it('the viewer sees the purchase and the auto-refill, is offered neither, and the page’s own calls of either are refused for the role', async () => {
    const { page } = tabs.viewer;
    // Live: the viewer's page learned of the purchase from the server's event stream, without a reload.
    await pillShows(page, 2000);
    await openView(page, 'billing');
    await page.getByTestId('tx-table').getByRole('row').filter({ hasText: 'purchase' }).filter({ hasText: '2,000' }).waitFor();
    await page.getByTestId('saved-card').filter({ hasText: '••4242' }).waitFor();
    await page.locator('[data-testid="refill-enabled"]:checked').waitFor();
    await until(async () => (await page.getByTestId('refill-threshold').inputValue()) === '500');
    expect(await page.getByTestId('refill-amount').inputValue()).toBe('2000');
    // Neither is offered: the card page, the purchase and the auto-refill form are shut, each saying why.
    for (const channel of ['payments/setupCard', 'payments/purchase', 'payments/setAutoRefill']) await notOffered(page, channel, 'viewers');
    for (const id of ['add-card', 'pack-2000', 'buy-now', 'pay-in-browser', 'refill-enabled', 'refill-save'])
      expect(await page.getByTestId(id).isDisabled(), id).toBe(true);

    const sessionsBefore = (await sandbox.stripe().checkout.sessions.list({ limit: 100 })).data.length;
    const refused = await Promise.all([
      pageCall(page, 'payments/setupCard', {}),
      pageCall(page, 'payments/purchase', { credits: 1000 }),
      pageCall(page, 'payments/checkout', { credits: 1000 }),
      pageCall(page, 'payments/setAutoRefill', { enabled: false }),
    ]);
    for (const r of refused) expect(r.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/viewer/) });
    // Nothing happened: no page opened on Stripe, no payment, auto-refill still on.
    expect((await sandbox.stripe().checkout.sessions.list({ limit: 100 })).data).toHaveLength(sessionsBefore);
    expect((await sandbox.stripe().paymentIntents.list({ limit: 10 })).data).toHaveLength(1);
    expect(await api(tokens.admin, 'payments/getAutoRefill', {})).toMatchObject({ enabled: true });
    // A read through the same API works: the refusals are the role's, not the page's.
    expect(await pageCall(page, 'ledger/balance', {})).toMatchObject({ result: { balance: 2000 } });
  }, 240_000);

  it('every session shows the one ledger: the same balance and the same entries', async () => {
    const { balance } = await api<{ balance: number }>(tokens.admin, 'ledger/balance', {});
    expect(balance).toBe(2000);
    const pages = await Promise.all((['lead', 'admin', 'viewer'] as const).map((w) => hosts[w].result('ledger/page', { limit: 50 })));
    expect(pages[1]).toEqual(pages[0]);
    expect(pages[2]).toEqual(pages[0]);
    for (const w of ['lead', 'admin', 'viewer'] as const) await pillShows(tabs[w].page, balance);
    for (const w of ['lead', 'admin', 'viewer'] as const) expect(tabs[w].pageErrors).toEqual([]);
  }, 240_000);
});
