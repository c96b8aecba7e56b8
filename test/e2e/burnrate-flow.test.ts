import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openWatchedPage, SCREENSHOT_DIR, type WatchedPage } from './support/browser.js';
import { buildRenderer, repoRoot } from './support/build-renderer.js';
import { availableModules, creditsText, openView, unexpectedConsoleErrors, unlabelledControls, waitForPillBalance } from './support/flow-helpers.js';
import { startWebHost, type WebHost } from './support/web-host.js';

const HOUR = 3_600_000;

/**
 * The whole team-lead flow in Debian's Chromium against the web host on a fresh
 * data folder, with the engine's clock under the test's control. Steps for a
 * module that has not landed yet are skipped inside the test (and say so).
 */
describe('Burnrate in the browser', () => {
  let host: WebHost;
  let w: WatchedPage;
  let mods: Awaited<ReturnType<typeof availableModules>>;

  beforeAll(async () => {
    rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
    const rendererDir = await buildRenderer();
    host = await startWebHost({ rendererDir, now: '2025-03-03T09:00:00Z' });
    mods = await availableModules(host);
    w = await openWatchedPage({ width: 1280, height: 800, colorScheme: 'light' });
  }, 90_000);

  afterAll(async () => {
    await w?.close();
    await host?.stop();
  });

  it('runs the flow: credits, coupon, deployment, clock, pause, analysis, auto-refill, export', async () => {
    const { page } = w;
    onTestFailed(async () => {
      await w.screenshot('failure').catch(() => undefined);
      console.error('page errors:', w.pageErrors, '\nconsole errors:', w.consoleErrors, '\nCSP:', await w.cspViolations().catch(() => []));
    });
    await page.goto(host.launchUrl);
    await page.getByTestId('view-dashboard').waitFor();
    await page.getByTestId('first-run').waitFor();
    await w.screenshot('01-first-run');

    // Billing: a test card and a pack.
    await openView(page, 'billing');
    if (mods.payments) {
      await page.getByTestId('test-card-pm').fill('pm_card_visa');
      await page.getByTestId('add-test-card').click();
      await page.getByTestId('saved-card').first().waitFor();
      await page.getByTestId('pack-2000').click();
      await page.getByTestId('buy-now').click();
      await page.getByTestId('purchase-outcome').filter({ hasText: /succeeded|added|Added/ }).waitFor();
      expect(await waitForPillBalance(page, host)).toBe(2000);
      // A declined card: the message is the bank's own words, and nothing is added.
      await page.getByTestId('test-card-pm').fill('pm_card_chargeCustomerFail');
      await page.getByTestId('add-test-card').click();
      await page.getByTestId('saved-card').nth(1).waitFor();
      const declined = (await host.result('payments/cards', {})).find((c) => !c.isDefault);
      await page.getByTestId('pay-card').selectOption(declined?.id ?? '');
      await page.getByTestId('pack-500').click();
      await page.getByTestId('buy-now').click();
      await page.getByTestId('purchase-outcome').filter({ hasText: /declined/i }).waitFor();
      await w.screenshot('05b-declined');
      expect((await host.result('ledger/balance', {})).balance).toBe(2000);
      await page.getByRole('button', { name: /^Remove .*0341$/ }).click();
      await page.getByTestId('saved-card').nth(1).waitFor({ state: 'detached' });
      // Pay in the browser: the sandbox's Checkout page opens; the app notices the payment.
      await page.getByTestId('pack-500').click();
      const popupOpened = w.context.waitForEvent('page');
      await page.getByTestId('pay-in-browser').click();
      const checkout = await popupOpened;
      await checkout.locator('select[name=payment_method]').selectOption('pm_card_visa');
      // It redirects to the (unreachable) success_url afterwards; the request is enough.
      await Promise.all([checkout.waitForRequest(/success/), checkout.getByRole('button', { name: 'Pay' }).click()]);
      await checkout.close();
      await page.getByTestId('purchase-outcome').filter({ hasText: 'from the browser payment' }).waitFor();
      expect(await waitForPillBalance(page, host)).toBe(2500);
      // The custom amount explains itself as you type.
      await page.getByTestId('custom-amount').fill('0.5');
      await page.getByText('Minimum $1.00').waitFor();
      await page.getByTestId('custom-amount').fill('5.005');
      await page.getByText(/Whole cents/).waitFor();
      await page.getByTestId('custom-amount').fill('');
    }

    // A coupon created by the admin's CLI, redeemed in the UI.
    await host.cli(['coupon', 'create', 'WELCOME50', '--credits', '5000']);
    await page.getByTestId('coupon-code').fill('  welcome50 ');
    await page.getByTestId('coupon-apply').click();
    await page.getByTestId('coupon-outcome').filter({ hasText: 'Added 5,000 credits' }).waitFor();
    const afterCoupon = await waitForPillBalance(page, host);
    expect(afterCoupon).toBe(mods.payments ? 7500 : 5000);

    // Create and start a deployment.
    await openView(page, 'deployments');
    await page.getByRole('button', { name: 'New deployment' }).click();
    await page.getByLabel('Name').fill('chat-prod');
    await page.getByLabel('Model').fill('llama-3-70b');
    await page.getByLabel('Parameters (billions)').fill('70');
    await page.getByLabel('Precision').selectOption('awq');
    await page.getByRole('radio', { name: /GPU M/ }).check();
    await w.screenshot('03a-create-deployment');
    await page.getByRole('button', { name: 'Create and start' }).click();
    const row = page.getByTestId('deployment-chat-prod');
    await row.filter({ hasText: 'running' }).waitFor();
    const started = await waitForPillBalance(page, host);
    expect(started).toBeLessThan(afterCoupon);
    await w.screenshot('03-deployments');

    // Hours pass on the engine's clock: the balance and the charts follow.
    await host.advance(5 * HOUR + 10 * 60_000);
    await openView(page, 'dashboard');
    const later = await waitForPillBalance(page, host);
    expect(later).toBeLessThan(started);
    await page.getByTestId('fig-balance').filter({ hasText: creditsText(later) }).waitFor();
    // Six charged hours of GPU M this month, as the engine counts them.
    const snap = await host.result('snapshot/get', {});
    expect(snap.monthSpend).toBe(6 * 180);
    await page.getByTestId('fig-month').filter({ hasText: creditsText(snap.monthSpend) }).waitFor();
    await page.getByTestId('running-chat-prod').waitFor();
    if (mods.insights) await page.locator('[data-testid=view-dashboard] canvas').first().waitFor();
    await w.screenshot('02-dashboard');

    // Pause it from the table.
    await openView(page, 'deployments');
    await page.getByRole('button', { name: 'Pause chat-prod' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();

    // A weekly pause schedule from the grid.
    if (mods.schedules) {
      await page.getByRole('button', { name: 'Pause schedule for chat-prod' }).click();
      await page.getByRole('button', { name: 'Nights 20:00–08:00' }).click();
      await w.screenshot('03b-pause-schedule');
      await page.getByRole('button', { name: 'Save schedule' }).click();
      await row.filter({ hasText: 'Paused 84 h/week' }).waitFor();
      const [schedule] = await host.result('schedules/list', {});
      expect(schedule?.windows.length).toBe(14);
    }

    // Cost analysis: 7 / 14 / 30.
    await openView(page, 'analysis');
    if (mods.insights) {
      for (const days of [14, 30, 7]) {
        await page.getByTestId(`days-${days}`).click();
        await page.getByTestId('analysis-total').filter({ hasText: `last ${days} days` }).waitFor();
        expect(await page.getByTestId(`days-${days}`).getAttribute('aria-pressed')).toBe('true');
      }
      await page.locator('[data-testid=view-analysis] canvas').first().waitFor();
      // An 8B model on the biggest tier: the engine suggests a smaller one; apply it here.
      const batch = await host.result('deployments/create', { name: 'batch-7b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'L' });
      await host.result('deployments/start', { id: batch.id });
      const card = page.getByTestId('suggestion').filter({ hasText: 'Move batch-7b to GPU S' });
      await card.waitFor();
      await w.screenshot('04-cost-analysis');
      await card.getByRole('button', { name: 'Apply' }).click();
      await card.waitFor({ state: 'detached' });
      const moved = (await host.result('deployments/list', {})).find((d) => d.id === batch.id);
      expect(moved?.tier).toBe('S');
    } else {
      await w.screenshot('04-cost-analysis');
    }

    // Auto-refill.
    await openView(page, 'billing');
    if (mods.payments) {
      await page.getByTestId('refill-enabled').check();
      await page.getByTestId('refill-threshold').fill('500');
      await page.getByTestId('refill-amount').fill('2000');
      await page.getByTestId('refill-save').click();
      await page.getByTestId('refill-preview').filter({ hasText: 'Below 500 credits, add 2,000 credits' }).waitFor();
      const saved = await host.result('payments/getAutoRefill', {});
      expect(saved).toMatchObject({ enabled: true, threshold: 500, amount: 2000 });
    }
    // Transactions: newest first, filter by type, search.
    const txRows = page.getByTestId('tx-table').locator('tbody tr');
    await txRows.first().waitFor();
    await page.getByTestId('tx-kind').selectOption('coupon');
    await txRows.filter({ hasText: 'charge' }).first().waitFor({ state: 'detached' });
    expect(await txRows.count()).toBe(1);
    await page.getByTestId('tx-kind').selectOption('');
    await page.getByTestId('tx-search').fill('WELCOME50');
    await txRows.filter({ hasText: 'charge' }).first().waitFor({ state: 'detached' });
    expect(await txRows.count()).toBe(1);
    await page.getByTestId('tx-search').fill('');
    await txRows.filter({ hasText: 'charge' }).first().waitFor();

    // Export the transactions as CSV and read it back.
    if (mods.reports) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-transactions_csv').click()]);
      const file = path.join(SCREENSHOT_DIR, '..', 'transactions.csv');
      await download.saveAs(file);
      const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
      const ledger = await host.result('ledger/page', { limit: 500 });
      expect(lines.length - 1).toBe(ledger.entries.length);
      expect(lines.join('\n')).toMatch(/coupon/);
      if (mods.payments) {
        // A purchase's receipt, as a PDF the app makes offline.
        const purchaseRow = page.getByTestId('tx-table').locator('tbody tr').filter({ hasText: 'purchase' }).first();
        const [receipt] = await Promise.all([page.waitForEvent('download'), purchaseRow.getByRole('button', { name: 'Receipt' }).click()]);
        const pdf = path.join(SCREENSHOT_DIR, '..', 'receipt.pdf');
        await receipt.saveAs(pdf);
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      }
    }
    await w.screenshot('05-billing');

    await openView(page, 'alerts');
    if (mods.alerts) {
      // With batch-7b on GPU L running too, the runway fell under 24 h: that raised an alert.
      await page.getByTestId('alert-item').first().waitFor();
      await w.screenshot('06-alerts');
      await page.getByTestId('mark-all-read').click();
      await page.locator('[data-testid=nav-alerts] .count').waitFor({ state: 'detached' });
      expect((await host.result('alerts/list', {})).unread).toBe(0);
    } else {
      await w.screenshot('06-alerts');
    }
    await openView(page, 'settings');
    await w.screenshot('07-settings');
    await page.getByTestId('time-zone').selectOption('Europe/Berlin');
    await page.getByText('Settings saved.').waitFor();
    expect((await host.result('settings/get', {})).timeZone).toBe('Europe/Berlin');

    // Every control on every screen has a name a screen reader can say.
    for (const view of ['dashboard', 'deployments', 'analysis', 'billing', 'alerts', 'settings']) {
      await openView(page, view);
      expect(await unlabelledControls(page), view).toEqual([]);
    }
    // The sidebar works from the keyboard.
    await page.getByTestId('nav-dashboard').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('view-deployments').waitFor();

    expect(await w.cspViolations()).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(unexpectedConsoleErrors(w.consoleErrors, mods.payments ? ['payments/purchase'] : [])).toEqual([]);
  }, 120_000);

  it('is readable at 900×600 in the dark theme', async () => {
    const small = await openWatchedPage({ width: 900, height: 600, colorScheme: 'dark' });
    try {
      await small.page.goto(host.launchUrl);
      await small.page.getByTestId('view-dashboard').waitFor();
      await waitForPillBalance(small.page, host);
      await small.screenshot('08-dashboard-dark-900x600');
      await openView(small.page, 'deployments');
      await small.page.getByTestId('deployment-chat-prod').waitFor();
      await small.screenshot('09-deployments-dark-900x600');
      // Nothing may scroll sideways at the smallest supported size.
      const overflow = await small.page.evaluate<number[]>(
        "[document.documentElement, ...document.querySelectorAll('.table-wrap')].map((el) => el.scrollWidth - el.clientWidth)",
      );
      expect(overflow.every((px) => px <= 0)).toBe(true);
      expect(await small.cspViolations()).toEqual([]);
      expect(small.pageErrors).toEqual([]);
      expect(small.consoleErrors).toEqual([]);
    } finally {
      await small.close();
    }
    // BURNRATE_UPDATE_SCREENSHOTS=1 refreshes the committed set the README shows.
    if (process.env.BURNRATE_UPDATE_SCREENSHOTS === '1') {
      const docs = path.join(repoRoot, 'docs', 'screenshots');
      mkdirSync(docs, { recursive: true });
      for (const f of readdirSync(SCREENSHOT_DIR).filter((n) => /^\d.*\.png$/.test(n))) copyFileSync(path.join(SCREENSHOT_DIR, f), path.join(docs, f));
    }
  }, 60_000);
});
