import type { Page } from 'playwright-core';
import type { Channel } from '../../../preload/contract.js';
import type { WebHost } from './web-host.js';

/** Which optional modules the host serves right now (others answer not_available). */
export async function availableModules(host: WebHost): Promise<{ payments: boolean; insights: boolean; alerts: boolean; reports: boolean; schedules: boolean }> {
  const has = async (channel: Channel, input: object) => {
    const r = await host.call(channel, input as never);
    return !('error' in r && (r.error.code === 'not_available' || r.error.code === 'unknown_channel'));
  };
  return {
    payments: await has('payments/packs', {}),
    insights: await has('insights/analysis', { days: 7 }),
    alerts: await has('alerts/list', {}),
    reports: await has('reports/export', { kind: 'nonexistent' }),
    schedules: await has('schedules/list', {}),
  };
}

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
  await page.getByTestId('balance-pill').filter({ hasText: creditsText(balance) }).waitFor();
  return balance;
}

/**
 * Console errors left after taking out the refusals the flow provokes on purpose
 * (a declined card): Chromium logs every non-2xx fetch as a console error, and
 * the web host answers an engine refusal with 422. Each expected refusal is
 * matched to exactly one message naming its channel; anything else is a failure.
 */
export function unexpectedConsoleErrors(errors: string[], expectedRefusals: Channel[]): string[] {
  const left = [...expectedRefusals];
  return errors.filter((e) => {
    const i = left.findIndex((channel) => e.includes('status of 422') && e.includes(`/api/${channel}`));
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
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
