import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { HOOK, type StandIn } from '../../core/control/control-fixture.js';
import { openView } from './flow-helpers.js';

const run = promisify(execFile);

/** Conditions that depend on real processes (a hook, the stand-in) are waited for, never timed: this only catches a hang. */
export const WAIT = { timeout: 120_000, interval: 250 };

/** What the stand-in's /health says right now: serving, refused (nothing listens), or something else. */
export async function health(inst: StandIn): Promise<'serving' | 'refused' | 'other'> {
  try {
    return (await fetch(inst.healthUrl, { signal: AbortSignal.timeout(5000) })).ok ? 'serving' : 'other';
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ? 'refused' : 'other';
  }
}

/** Starts the stand-in the way the lead's own tooling would (the hook, by hand): an instance already serving. */
export async function startByHand(inst: StandIn): Promise<void> {
  await run(HOOK, [inst.dir, String(inst.port), 'start']);
}

/** Creates and starts a deployment in the Deployments view; returns its row. */
export async function createDeployment(page: Page, d: { name: string; model: string; paramsB: number }): Promise<Locator> {
  await openView(page, 'deployments');
  await page.getByRole('button', { name: 'New deployment' }).click();
  await page.getByLabel('Name').fill(d.name);
  await page.getByLabel('Model').fill(d.model);
  await page.getByLabel('Parameters (billions)').fill(String(d.paramsB));
  await page.getByRole('button', { name: 'Create and start' }).click();
  const row = page.getByTestId(`deployment-${d.name}`);
  await row.filter({ hasText: 'running' }).waitFor();
  return row;
}

/** The deployment's Control dialog (opened by `openControl`). */
export function controlDialog(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name: `Control — ${name}` });
}

/** Opens a deployment's Control dialog from its row. */
export async function openControl(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: `Control of ${name}` }).click();
  const dialog = controlDialog(page, name);
  await dialog.waitFor();
  return dialog;
}

/** Attaches the stand-in's command hook, with its /health as the verify URL, in the open dialog. */
export async function attachHook(dialog: Locator, name: string, inst: StandIn): Promise<void> {
  await dialog.getByLabel(/^Command/).fill(HOOK);
  await dialog.getByLabel(/^Fixed arguments/).fill(`${inst.dir}\n${inst.port}`);
  await dialog.getByLabel(/^Verify URL/).fill(inst.healthUrl);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog
    .getByTestId('toast')
    .filter({ hasText: `${name} is controlled by its command now.` })
    .waitFor();
}

/** The history row (newest first) of an action, e.g. "pause (schedule)", whose outcome says `outcome`. */
export function historyRow(dialog: Locator, action: string, outcome: string): Locator {
  return dialog.getByRole('table', { name: 'Control history' }).getByRole('row').filter({ hasText: action }).filter({ hasText: outcome }).first();
}
