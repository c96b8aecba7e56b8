import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Route } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { closeTab, openWatchedPage, SCREENSHOT_DIR } from './support/browser.js';
import { repoRoot } from './support/build-renderer.js';
import { chartValues, creditsText, horizontalOverflow, openView, unlabelledControls, waitForPillBalance } from './support/flow-helpers.js';
import { browserSession } from './support/browser-session.js';

const HOUR = 3_600_000;

/**
 * The whole team-lead flow in Debian's Chromium against the web host on a fresh
 * data folder, with the engine's clock under the test's control. Every module
 * is served: nothing is skipped, so a channel that regresses fails the flow.
 */
describe('Burnrate in the browser', () => {
  const s = browserSession({ beforeStart: () => rmSync(SCREENSHOT_DIR, { recursive: true, force: true }) });

  it('runs the flow: credits, coupon, deployment, clock, pause, analysis, auto-refill, export', async () => {
    const { page } = s.w;
    onTestFailed(async () => {
      await s.w.screenshot('failure').catch(() => undefined);
      console.error('page errors:', s.w.pageErrors, '\nconsole errors:', s.w.consoleErrors, '\nCSP:', await s.w.cspViolations().catch(() => []));
    });
    // The admin's CLI creates a coupon on the same ledger while the app runs.
    await s.host.cli(['coupon', 'create', 'WELCOME50', '--credits', '5000']);
    await page.goto(await s.host.newLaunchUrl());
    await page.getByTestId('view-dashboard').waitFor();
    await page.getByTestId('first-run').waitFor();
    await s.w.screenshot('01-first-run');

    // Billing: a test card and a pack.
    await openView(page, 'billing');
    await page.getByTestId('test-card-pm').fill('pm_card_visa');
    await page.getByTestId('add-test-card').click();
    await page.getByTestId('saved-card').first().waitFor();
    await page.getByTestId('pack-2000').click();
    await page.getByTestId('buy-now').click();
    // Every purchase asks first, naming credits, dollars and card (money-input.test.ts covers the rest).
    await page.getByTestId('purchase-question').filter({ hasText: 'Buy 2,000 credits for $20.00 with Visa ••4242?' }).waitFor();
    await page.getByTestId('purchase-confirm').click();
    await page
      .getByTestId('purchase-outcome')
      .filter({ hasText: /succeeded|added|Added/ })
      .waitFor();
    expect(await waitForPillBalance(page, s.host)).toBe(2000);
    // A declined card: the message is the bank's own words, and nothing is added.
    await page.getByTestId('test-card-pm').fill('pm_card_chargeCustomerFail');
    await page.getByTestId('add-test-card').click();
    await page.getByTestId('saved-card').nth(1).waitFor();
    const declined = (await s.host.result('payments/cards', {})).find((c) => !c.isDefault);
    await page.getByTestId('pay-card').selectOption(declined?.id ?? '');
    await page.getByTestId('pack-500').click();
    await page.getByTestId('buy-now').click();
    await page.getByTestId('purchase-confirm').click();
    await page
      .getByTestId('purchase-outcome')
      .filter({ hasText: /declined/i })
      .waitFor();
    await s.w.screenshot('05b-declined');
    expect((await s.host.result('ledger/balance', {})).balance).toBe(2000);
    await page.getByRole('button', { name: /^Remove .*0341$/ }).click();
    await page.getByTestId('saved-card').nth(1).waitFor({ state: 'detached' });
    // Pay in the browser: the sandbox's Checkout page opens; the app notices the payment.
    await page.getByTestId('pack-500').click();
    const popupOpened = s.w.context.waitForEvent('page');
    await page.getByTestId('pay-in-browser').click();
    await page.getByTestId('purchase-confirm').click();
    const checkout = await popupOpened;
    await checkout.locator('select[name=payment_method]').selectOption('pm_card_visa');
    // It redirects to the sandbox's own success page; closeTab waits for that page before closing.
    await Promise.all([checkout.waitForRequest(/success/), checkout.getByRole('button', { name: 'Pay' }).click()]);
    await closeTab(checkout);
    await page.getByTestId('purchase-outcome').filter({ hasText: 'from the browser payment' }).waitFor();
    expect(await waitForPillBalance(page, s.host)).toBe(2500);
    // The custom amount explains itself as you type.
    await page.getByTestId('custom-amount').fill('0.5');
    await page.getByText('Minimum $1.00').waitFor();
    await page.getByTestId('custom-amount').fill('5.005');
    await page.getByText(/Whole cents/).waitFor();
    await page.getByTestId('custom-amount').fill('');

    // A coupon the admin's CLI created (before any payment, below), redeemed in the UI.
    await page.getByTestId('coupon-code').fill('  welcome50 ');
    await page.getByTestId('coupon-apply').click();
    await page.getByTestId('coupon-outcome').filter({ hasText: 'Added 5,000 credits' }).waitFor();
    const afterCoupon = await waitForPillBalance(page, s.host);
    expect(afterCoupon).toBe(7500);

    // Create and start a deployment.
    await openView(page, 'deployments');
    await page.getByRole('button', { name: 'New deployment' }).click();
    await page.getByLabel('Name').fill('chat-prod');
    await page.getByLabel('Model').fill('llama-3-70b');
    await page.getByLabel('Parameters (billions)').fill('70');
    // The tier list says what fits, from the engine's sizing table (UX.md).
    await page.getByTestId('sizing-summary').filter({ hasText: '70B fp16 needs about 154 GB: GPU L is the smallest tier that fits.' }).waitFor();
    await page.getByTestId('sizing-alternative').filter({ hasText: '70B AWQ (about 38.5 GB) fits GPU M and costs 48 % less.' }).waitFor();
    await page.getByRole('radio', { name: /GPU M/ }).check();
    // Too small is a warning, not a block.
    await page.getByTestId('tier-warning').filter({ hasText: 'GPU M has 48 GB; this model needs about 154 GB' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create and start' }).isEnabled()).toBe(true);
    await page.getByLabel('Precision').selectOption('awq');
    await page.getByTestId('sizing-summary').filter({ hasText: '70B awq needs about 38.5 GB: GPU M is the smallest tier that fits.' }).waitFor();
    await page.getByTestId('tier-warning').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sizing-alternative').count()).toBe(0);
    await s.w.screenshot('03a-create-deployment');
    await page.getByRole('button', { name: 'Create and start' }).click();
    const row = page.getByTestId('deployment-chat-prod');
    await row.filter({ hasText: 'running' }).waitFor();
    const started = await waitForPillBalance(page, s.host);
    expect(started).toBeLessThan(afterCoupon);
    await s.w.screenshot('03-deployments');

    // The dashboard's charts draw the engine's figures: the first hour, charged at the start.
    await openView(page, 'dashboard');
    const engineDaily = async () => (await s.host.result('insights/analysis', { days: 7 })).daily.map((d) => d.total);
    const dailyBefore = await chartValues(page, 'daily-chart');
    expect(dailyBefore).toEqual((await engineDaily()).map(String));
    expect(dailyBefore.at(-1)).toBe('180');
    expect(await chartValues(page, 'model-chart')).toEqual(['llama-3-70b=180']);

    // Hours pass on the engine's clock: the balance and the charts follow.
    await s.host.advance(5 * HOUR + 10 * 60_000);
    const later = await waitForPillBalance(page, s.host);
    expect(later).toBeLessThan(started);
    await page
      .getByTestId('fig-balance')
      .filter({ hasText: creditsText(later) })
      .waitFor();
    // Six charged hours of GPU M this month, as the engine counts them.
    const snap = await s.host.result('snapshot/get', {});
    expect(snap.monthSpend).toBe(6 * 180);
    await page
      .getByTestId('fig-month')
      .filter({ hasText: creditsText(snap.monthSpend) })
      .waitFor();
    await page.getByTestId('running-chat-prod').waitFor();
    // The bars and the doughnut redrew with the six charged hours, not just "a canvas exists".
    await page.locator(`[data-testid=daily-chart][data-values$=",${6 * 180}"]`).waitFor();
    expect(await chartValues(page, 'daily-chart')).toEqual((await engineDaily()).map(String));
    expect(await chartValues(page, 'model-chart')).toEqual([`llama-3-70b=${6 * 180}`]);
    await s.w.screenshot('02-dashboard');

    // Pause it from the table.
    await openView(page, 'deployments');
    await page.getByRole('button', { name: 'Pause chat-prod' }).click();
    await row.filter({ hasText: 'paused' }).waitFor();

    // A weekly pause schedule from the grid.
    await page.getByRole('button', { name: 'Pause schedule for chat-prod' }).click();
    await page.getByRole('button', { name: 'Nights 20:00–08:00' }).click();
    await s.w.screenshot('03b-pause-schedule');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await row.filter({ hasText: 'Paused 84 h/week' }).waitFor();
    const [schedule] = await s.host.result('schedules/list', {});
    expect(schedule?.windows.length).toBe(14);

    // Cost analysis: 7 / 14 / 30.
    await openView(page, 'analysis');
    {
      for (const days of [14, 30, 7]) {
        await page.getByTestId(`days-${days}`).click();
        await page
          .getByTestId('analysis-total')
          .filter({ hasText: `last ${days} days` })
          .waitFor();
        expect(await page.getByTestId(`days-${days}`).getAttribute('aria-pressed')).toBe('true');
      }
      await page.locator('[data-testid=view-analysis] canvas').first().waitFor();
      // An 8B model on the biggest tier: the engine suggests a smaller one; apply it here.
      const batch = await s.host.result('deployments/create', { name: 'batch-7b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'L' });
      await s.host.result('deployments/start', { id: batch.id });
      const card = page.getByTestId('suggestion').filter({ hasText: 'Move batch-7b to GPU S' });
      await card.waitFor();
      await s.w.screenshot('04-cost-analysis');
      await card.getByRole('button', { name: 'Apply' }).click();
      await card.waitFor({ state: 'detached' });
      const moved = (await s.host.result('deployments/list', {})).find((d) => d.id === batch.id);
      expect(moved?.tier).toBe('S');
    }

    // Auto-refill.
    await openView(page, 'billing');
    {
      await page.getByTestId('refill-enabled').check();
      await page.getByTestId('refill-threshold').fill('500');
      await page.getByTestId('refill-amount').fill('2000');
      // The draft is previewed as typed, before saving, with the engine's frequency at today's burn.
      const burn = (await s.host.result('snapshot/get', {})).burnPerHour;
      const preview = (await s.host.result('payments/refillPreview', { threshold: 500, amount: 2000, maxPerDay: 3, monthlyLimit: null })).text;
      expect(burn).toBeGreaterThan(0);
      expect(preview).toMatch(/^Below 500 credits, add 2,000 credits \(\$20\.00\) — at today's burn that is about every \d+ hours\.$/);
      await page.getByTestId('refill-preview').filter({ hasText: preview }).waitFor();
      expect(await s.host.result('payments/getAutoRefill', {})).toMatchObject({ enabled: false });
      // An amount the engine refuses is said in its words, without the channel or field name.
      await page.getByTestId('refill-amount').fill('50');
      await page
        .getByTestId('refill-preview')
        .filter({ hasText: /^a purchase is \$1\.00–\$10,000\.00 \(100–1,000,000 credits\)$/ })
        .waitFor();
      // A refill too small for the daily cap at today's burn is warned about while typing.
      await page.getByTestId('refill-amount').fill('100');
      await page
        .getByTestId('refill-warning')
        .filter({ hasText: /refills a day, but the cap is 3/ })
        .waitFor();
      await page.getByTestId('refill-amount').fill('2000');
      await page.getByTestId('refill-warning').waitFor({ state: 'detached' });
      await page.getByTestId('refill-save').click();
      await page.getByTestId('refill-preview').filter({ hasText: preview }).waitFor();
      const saved = await s.host.result('payments/getAutoRefill', {});
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
    {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-transactions_csv').click()]);
      const file = path.join(SCREENSHOT_DIR, '..', 'transactions.csv');
      await download.saveAs(file);
      const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
      const ledger = await s.host.result('ledger/page', { limit: 500 });
      expect(lines.length - 1).toBe(ledger.entries.length);
      expect(lines.join('\n')).toMatch(/coupon/);
      // A purchase's receipt, as a PDF the app makes offline.
      const purchaseRow = page.getByTestId('tx-table').locator('tbody tr').filter({ hasText: 'purchase' }).first();
      const [receipt] = await Promise.all([page.waitForEvent('download'), purchaseRow.getByRole('button', { name: 'Receipt' }).click()]);
      const pdf = path.join(SCREENSHOT_DIR, '..', 'receipt.pdf');
      await receipt.saveAs(pdf);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    }
    await s.w.screenshot('05-billing');

    await openView(page, 'alerts');
    {
      // With batch-7b on GPU L running too, the runway fell under 24 h: that raised an alert.
      const first = page.getByTestId('alert-item').first();
      await first.waitFor();
      // Its severity is a drawn shape, not an emoji a font may lack (an empty box in Debian's Chromium).
      await first.locator('svg[data-severity][role=img]').waitFor();
      await s.w.screenshot('06-alerts');
      await page.getByTestId('mark-all-read').click();
      await page.locator('[data-testid=nav-alerts] .count').waitFor({ state: 'detached' });
      expect((await s.host.result('alerts/list', {})).unread).toBe(0);
    }
    await openView(page, 'settings');
    // Whether a stored key would be protected is said before any key is stored (here: memory, this run only).
    await page.getByTestId('key-storage').filter({ hasText: 'kept in memory for this run only' }).waitFor();
    // Where the books live, so they can be backed up.
    await page.getByTestId('data-dir').filter({ hasText: s.host.dataDir }).waitFor();
    await s.w.screenshot('07-settings');
    {
      // A spend limit typed wrong keeps the text and says why; it never turns into NaN or 0.
      await page.getByRole('button', { name: 'Add a spend limit' }).click();
      const credits = page.getByTestId('spend-limit').getByLabel('Credits');
      await credits.fill('5k');
      expect(await credits.inputValue()).toBe('5k');
      await page.getByTestId('spend-limit-error').filter({ hasText: 'The credit limit is a whole number, digits only.' }).waitFor();
      // The field the problem is in is marked invalid, the other one not.
      expect(await credits.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('spend-limit').getByLabel('Hours').getAttribute('aria-invalid')).toBe('false');
      await credits.fill('');
      expect(await credits.inputValue()).toBe('');
      await page.getByTestId('spend-limit-error').filter({ hasText: 'Enter the credit limit.' }).waitFor();
      expect(await page.getByRole('button', { name: 'Save alert settings' }).isDisabled()).toBe(true);
      await page.getByTestId('spend-limit').getByRole('button', { name: 'Remove' }).click();
    }
    await page.getByTestId('time-zone').selectOption('Europe/Berlin');
    await page.getByTestId('time-zone-save').click();
    await page.getByText('Settings saved.').waitFor();
    expect((await s.host.result('settings/get', {})).timeZone).toBe('Europe/Berlin');

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

    // No exceptions: a refusal (the declined card) is an answer, not a failed request, so nothing is logged.
    expect(await s.w.cspViolations()).toEqual([]);
    expect(s.w.pageErrors).toEqual([]);
    expect(s.w.consoleErrors).toEqual([]);
  }, 300_000);

  it('is readable at 900×600 in the dark theme, also when credits run out', async () => {
    const small = await openWatchedPage({ width: 900, height: 600, colorScheme: 'dark' });
    try {
      const { page } = small;
      await page.goto(await s.host.newLaunchUrl());
      await page.getByTestId('view-dashboard').waitFor();
      await waitForPillBalance(page, s.host);
      await small.screenshot('08-dashboard-dark-900x600');
      // Cost analysis: the three figures stay in one row and the chart is above the fold.
      await openView(page, 'analysis');
      await page.getByTestId('analysis-total').waitFor();
      const cards = await page
        .getByTestId('analysis-figures')
        .locator('.figure')
        .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(cards).toHaveLength(3);
      expect(new Set(cards).size).toBe(1);
      const chartTop = await page.getByTestId('daily-chart').evaluate((e) => e.getBoundingClientRect().top);
      expect(chartTop).toBeLessThan(600 - 100);
      await small.screenshot('10-analysis-dark-900x600');

      // Credits run out: auto-refill off, hours pass until the running deployment pauses for credits.
      await s.host.result('payments/setAutoRefill', { enabled: false });
      for (let i = 0; i < 40 && (await s.host.result('snapshot/get', {})).running > 0; i++) await s.host.advance(12 * HOUR);
      const out = await s.host.result('snapshot/get', {});
      expect(out.running).toBe(0);
      expect(out.pausedForCredits).toBeGreaterThan(0);
      await openView(page, 'dashboard');
      await page
        .getByTestId('fig-runway')
        .filter({ hasText: `Out of credits — ${out.pausedForCredits} paused` })
        .waitFor();
      await page.getByTestId('fig-runway').getByRole('button', { name: 'Add credits' }).waitFor();
      // The alerts that ask for something, each with its buttons and Dismiss.
      const pausedAlert = page.getByTestId('action-alert').filter({ hasText: 'batch-7b paused for credits' });
      await pausedAlert.getByRole('button', { name: 'Add credits' }).waitFor();
      const waiting = (await s.host.result('snapshot/get', {})).actionAlerts?.total ?? 0;
      expect(waiting).toBeGreaterThan(0);
      await small.screenshot('11-dashboard-out-of-credits-dark-900x600');
      await pausedAlert.getByRole('button', { name: /^Dismiss/ }).click();
      await pausedAlert.waitFor({ state: 'detached' });
      expect((await s.host.result('snapshot/get', {})).actionAlerts?.total).toBe(waiting - 1);

      // "Create and start" with too few credits creates once: the dialog closes and says why it did not start.
      await openView(page, 'deployments');
      await page.getByRole('button', { name: 'New deployment' }).click();
      await page.getByLabel('Name').fill('late-start');
      await page.getByRole('button', { name: 'Create and start' }).click();
      await page
        .getByTestId('toast')
        .filter({ hasText: /late-start was created but not started/ })
        .waitFor();
      await page.locator('dialog[open]').waitFor({ state: 'detached' });
      expect((await s.host.result('deployments/list', {})).filter((d) => d.name === 'late-start').map((d) => d.state)).toEqual(['created']);

      // Nothing scrolls sideways at the smallest size, with "paused for credits" rows, in either theme.
      await page.getByTestId('deployment-batch-7b').filter({ hasText: 'for credits' }).waitFor();
      await small.screenshot('09-deployments-dark-900x600');
      expect(await horizontalOverflow(page)).toEqual([]);
      await openView(page, 'dashboard');
      expect(await horizontalOverflow(page)).toEqual([]);

      // Transactions filtered by day: the days of the Settings zone (Europe/Berlin), as the rows show
      // them — not the browser's (UTC). Berlin's 4 March starts at 23:00 UTC on the 3rd.
      await openView(page, 'billing');
      await page.getByTestId('tx-from').fill('2025-03-04');
      await page.getByTestId('tx-to').fill('2025-03-04');
      const dates = page.getByTestId('tx-table').locator('tbody tr td:first-child');
      // Charges fall every hour: the day's first one is in its first hour.
      await dates
        .filter({ hasText: /^4 Mar 2025, 00:/ })
        .first()
        .waitFor();
      await page.waitForFunction(
        "[...document.querySelectorAll('[data-testid=tx-table] tbody tr td:first-child')].every((td) => td.textContent.startsWith('4 Mar 2025'))",
      );
      // From after To: said by the fields, not toasted, and no rows of the last filter left standing.
      await page.getByTestId('tx-from').fill('2025-03-05');
      await page.getByTestId('tx-problem').filter({ hasText: 'From is after To' }).waitFor();
      expect(await page.getByTestId('tx-table').count()).toBe(0);
      expect(
        await page
          .getByTestId('toast')
          .filter({ hasText: /from|range/i })
          .count(),
      ).toBe(0);
      await page.getByTestId('tx-from').fill('2025-03-04');
      await dates
        .filter({ hasText: /^4 Mar 2025, 00:/ })
        .first()
        .waitFor();
      expect(small.consoleErrors).toEqual([]);
      expect(await small.cspViolations()).toEqual([]);
      expect(small.pageErrors).toEqual([]);
    } finally {
      await small.close();
    }
    const light = await openWatchedPage({ width: 900, height: 600, colorScheme: 'light' });
    try {
      // The sidebar's entries stay put when the balance arrives: the page's first snapshot (its call and the event
      // stream's first event) is held back to look at the entries while the pill still loads. (A click on an entry
      // while the page loaded once landed on the entry above it.)
      let release = () => undefined as void;
      const held = new Promise<void>((r) => (release = r));
      const hold = async (route: Route) => {
        await held;
        await route.continue();
      };
      const firstSnapshot = /\/api\/(snapshot\/get|events)$/;
      await light.page.route(firstSnapshot, hold);
      await light.page.goto(await s.host.newLaunchUrl());
      await light.page.getByTestId('balance-pill-loading').waitFor();
      const entryTops = () =>
        light.page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('button')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
      const whileLoading = await entryTops();
      release();
      await waitForPillBalance(light.page, s.host);
      expect(await entryTops()).toEqual(whileLoading);
      await light.page.unroute(firstSnapshot, hold);
      await openView(light.page, 'deployments');
      await light.page.getByTestId('deployment-batch-7b').filter({ hasText: 'for credits' }).waitFor();
      await light.screenshot('09b-deployments-light-900x600');
      expect(await horizontalOverflow(light.page)).toEqual([]);
      expect(light.consoleErrors).toEqual([]);
      expect(await light.cspViolations()).toEqual([]);
    } finally {
      await light.close();
    }
    // BURNRATE_UPDATE_SCREENSHOTS=1 refreshes the committed set the README shows.
    if (process.env.BURNRATE_UPDATE_SCREENSHOTS === '1') {
      const docs = path.join(repoRoot, 'docs', 'screenshots');
      mkdirSync(docs, { recursive: true });
      for (const f of readdirSync(SCREENSHOT_DIR).filter((n) => /^\d.*\.png$/.test(n))) copyFileSync(path.join(SCREENSHOT_DIR, f), path.join(docs, f));
    }
  }, 300_000);

  it('a refill the bank wants confirmed: the banner leads to a button that buys with that card, on-session', async () => {
    const card = await s.host.result('payments/addCard', { paymentMethodId: 'pm_card_authenticationRequired' });
    // Credits ran out above: turning refill on below the threshold tries at once, and the bank wants the card holder.
    await s.host.result('payments/setAutoRefill', { enabled: true, threshold: 500, amount: 2000, cardId: card.id, maxPerDay: 3 });
    const { page } = s.w;
    await page.goto(await s.host.newLaunchUrl());
    await openView(page, 'dashboard');
    const banner = page
      .getByTestId('banners')
      .getByRole('alert')
      .filter({ hasText: /confirm an auto-refill payment/ });
    await banner.getByRole('button', { name: 'Confirm payment' }).click();
    const confirm = page.getByTestId('refill-confirm-buy');
    await confirm.filter({ hasText: new RegExp(`buy 2,000 credits .*with Visa ••${card.last4}`) }).waitFor();
    await s.w.screenshot('11-refill-needs-confirmation');
    await confirm.click();
    await page
      .getByTestId('purchase-question')
      .filter({ hasText: `Buy 2,000 credits for $20.00 with Visa ••${card.last4}?` })
      .waitFor();
    await page.getByTestId('purchase-confirm').click();
    await page
      .getByTestId('purchase-outcome')
      .filter({ hasText: /Your bank asks you to confirm this payment/ })
      .waitFor();
    expect(s.w.consoleErrors).toEqual([]);
  }, 300_000);
});
