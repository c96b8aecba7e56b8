import { describe, expect, it, onTestFailed } from 'vitest';
import { openView } from './support/flow-helpers.js';
import { browserSession } from './support/browser-session.js';
import { closeTab } from './support/browser.js';

/**
 * Billing's "Add card" in Chromium against the web host: the app opens the
 * card page (Checkout in setup mode, the built-in sandbox's) in the browser,
 * never asks for a card number, says a declined try in plain words while the
 * page stays open, and shows the card once it is saved there.
 */
describe('adding a card in the browser', () => {
  const s = browserSession();

  it('Add card opens the setup page; a declined try is explained, the next card appears in Saved cards', async () => {
    const { page } = s.w;
    onTestFailed(() => {
      console.error('page errors:', s.w.pageErrors, '\nconsole errors:', s.w.consoleErrors);
    });
    await page.goto(await s.host.newLaunchUrl());
    await page.getByTestId('view-dashboard').waitFor();
    await openView(page, 'billing');

    // The advanced test-id field answers a card number itself, without sending it anywhere.
    await page.getByTestId('test-card-pm').fill('4000000000000002');
    await page.getByText(/Card numbers are never typed into Burnrate: use Add card/).waitFor();
    expect(await page.getByTestId('add-test-card').isDisabled()).toBe(true);
    await page.getByTestId('test-card-pm').fill('pm_card_visa');

    const popupOpened = s.w.context.waitForEvent('page');
    await page.getByTestId('add-card').click();
    const cardPage = await popupOpened;
    await cardPage.waitForLoadState();
    await cardPage.getByRole('heading', { name: 'Save a card' }).waitFor();
    await page
      .getByTestId('card-setup-outcome')
      .filter({ hasText: /in your browser/ })
      .waitFor();

    // The number that once failed in the app's field is typed where card numbers belong: the bank declines it.
    await cardPage.getByLabel(/type a test card number/).fill('4000 0000 0000 0002');
    await cardPage.getByRole('button', { name: 'Save card' }).click();
    await cardPage.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    await page
      .getByTestId('card-setup-outcome')
      .filter({ hasText: 'Your bank declined the card. Try another card, or ask your bank why. The card page is still open' })
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('saved-card').count()).toBe(0);

    // Another card on the same page: saved, and the app shows it.
    await cardPage.getByLabel(/type a test card number/).fill('5555 5555 5555 4444');
    await Promise.all([cardPage.waitForURL(/\/checkout\/return\?outcome=success/), cardPage.getByRole('button', { name: 'Save card' }).click()]);
    await cardPage.getByRole('heading', { name: 'Card saved — return to Burnrate' }).waitFor();
    await closeTab(cardPage);
    await page.getByTestId('card-setup-outcome').filter({ hasText: 'Mastercard ••4444 saved as the default card.' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('saved-card').filter({ hasText: '••4444' }).waitFor();
    expect(await s.host.result('payments/cards', {})).toEqual([expect.objectContaining({ brand: 'mastercard', last4: '4444', isDefault: true })]);
    expect(s.w.pageErrors).toEqual([]);
  }, 180_000);
});
