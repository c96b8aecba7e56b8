import type { Page } from 'playwright-core';
import type { Channel } from '../../../preload/contract';
import type { WebHost } from './web-host';

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
 * Console errors that are not the app's fault while a module has not landed:
 * Chromium logs every non-2xx fetch, and the host answers 501 for a module not
 * in this build. Only dropped while such a module really is missing.
 */
export function unexpectedConsoleErrors(errors: string[], someModuleMissing: boolean): string[] {
  if (!someModuleMissing) return errors;
  return errors.filter((e) => !/status of 501 \(Not Implemented\)/.test(e));
}
