import type { Page } from 'playwright-core';
import type { WebHost } from './web-host.js';

/** "12,345 credits" exactly as the UI prints it. */
export function creditsText(n: number): string {
  return `${n.toLocaleString('en-US')} credit${n === 1 ? '' : 's'}`;
}

/** Clicks a sidebar entry and waits for its view. */
export async function openView(page: Page, view: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor();
}

/** Waits until the balance pill shows the engine's balance. */
export async function waitForPillBalance(page: Page, host: WebHost): Promise<number> {
  const { balance } = await host.result('ledger/balance', {});
  await page
    .getByTestId('balance-pill')
    .filter({ hasText: creditsText(balance) })
    .waitFor();
  return balance;
}

/**
 * The figures a chart draws, as the page renders them (`data-values` on the
 * chart's box: the engine's numbers, comma-separated). A canvas is opaque, so
 * this is how a test sees that the chart changed.
 */
export async function chartValues(page: Page, testId: string): Promise<string[]> {
  const v = await page.getByTestId(testId).first().getAttribute('data-values');
  return v ? v.split(',') : [];
}

/** The page and every table that scrolls sideways, with by how many pixels (empty when nothing does). */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[document.documentElement, ...document.querySelectorAll('.table-wrap')]
    .map((el) => ({ el, px: el.scrollWidth - el.clientWidth }))
    .filter((x) => x.px > 0)
    .map((x) => (x.el.tagName === 'HTML' ? 'page' : x.el.querySelector('table')?.getAttribute('data-testid') || x.el.className) + ' +' + x.px + 'px')`);
}

/**
 * Controls on the page with no accessible name: inputs and selects need a
 * <label> or aria-label, buttons need text or aria-label (week-grid cells too).
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => {
      if (el.closest('[aria-hidden="true"]') || el.type === 'hidden') return false;
      const aria = (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
      if (el.tagName === 'BUTTON') return !aria && !(el.textContent || '').trim();
      return !aria && !(el.labels && el.labels.length > 0);
    })
    .map((el) => el.outerHTML.slice(0, 120))`);
}
