import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openWatchedPage, type WatchedPage } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { openView } from './support/flow-helpers.js';
import { startWebHost, type WebHost } from './support/web-host.js';

/**
 * Billing's "Add card" in Chromium against the web host: the app opens the
 * card page (Checkout in setup mode, the built-in sandbox's) in the browser,
 * never asks for a card number, says a declined try in plain words while the
 * page stays open, and shows the card once it is saved there.
 */
describe('adding a card in the browser', () => {
  let host: WebHost;
  let w: WatchedPage;

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    host = await startWebHost({ rendererDir, now: '2025-03-03T09:00:00Z' });
    w = await openWatchedPage({ width: 1280, height: 800, colorScheme: 'light' });
  }, 300_000);

  afterAll(async () => {
    await w?.close();
    await host?.stop();
  });

  it('Add card opens the setup page; a declined try is explained, the next card appears in Saved cards', async () => {
    const { page } = w;
    onTestFailed(() => {
      console.error('page errors:', w.pageErrors, '\nconsole errors:', w.consoleErrors);
    });
    await page.goto(await host.newLaunchUrl());
    await page.getByTestId('view-dashboard').waitFor();
    await openView(page, 'billing');

    // The advanced test-id field answers a card number itself, without sending it anywhere.
    await page.getByTestId('test-card-pm').fill('4000000000000002');
    await page.getByText(/Card numbers are never typed into Burnrate: use Add card/).waitFor();
    expect(await page.getByTestId('add-test-card').isDisabled()).toBe(true);
    await page.getByTestId('test-card-pm').fill('pm_card_visa');

    const popupOpened = w.context.waitForEvent('page');
    await page.getByTestId('add-card').click();
    const cardPage = await popupOpened;
    await cardPage.waitForLoadState();
    await cardPage.getByRole('heading', { name: 'Save a card' }).waitFor();
    await page.getByTestId('card-setup-outcome').filter({ hasText: /in your browser/ }).waitFor();

    // The number that once failed in the app's field is typed where card numbers belong: the bank declines it.
    await cardPage.getByLabel(/type a test card number/).fill('4000 0000 0000 0002');
    await cardPage.getByRole('button', { name: 'Save card' }).click();
    await cardPage.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    await page.getByTestId('card-setup-outcome').filter({ hasText: 'Your bank declined the card. Try another card, or ask your bank why. The card page is still open' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('saved-card').count()).toBe(0);

    // Another card on the same page: saved, and the app shows it.
    await cardPage.getByLabel(/type a test card number/).fill('5555 5555 5555 4444');
    await Promise.all([cardPage.waitForURL(/\/checkout\/return\?outcome=success/), cardPage.getByRole('button', { name: 'Save card' }).click()]);
    await cardPage.getByRole('heading', { name: 'Card saved — return to Burnrate' }).waitFor();
    await cardPage.close();
    await page.getByTestId('card-setup-outcome').filter({ hasText: 'Mastercard ••4444 saved as the default card.' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('saved-card').filter({ hasText: '••4444' }).waitFor();
    expect(await host.result('payments/cards', {})).toEqual([expect.objectContaining({ brand: 'mastercard', last4: '4444', isDefault: true })]);
    expect(w.pageErrors).toEqual([]);
  }, 180_000);
});
