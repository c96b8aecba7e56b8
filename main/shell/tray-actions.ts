import { shell } from 'electron';
import type { Services } from '../core/services.js';
import type { View } from '../../preload/contract.js';
import { buyFromTray } from './tray-buy.js';
import type { TrayAction } from './tray-model.js';

/** What a tray action may do besides calling the engine. */
export interface TrayActionDeps {
  services: Services;
  sandboxOrigin(): string | null;
  showWindow(view?: View): void;
  quit(): void;
  /** Settles and pushes the new snapshot (after a pause or resume). */
  refresh(): Promise<void>;
}

/** Runs one tray menu click. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  const { services } = deps;
  const e = services.engine;
  if (action.type === 'open') return deps.showWindow();
  if (action.type === 'quit') return deps.quit();
  if (action.type === 'buy') {
    const outcome = await buyFromTray(action.credits, {
      checkout: (credits) => services.payments.checkout({ credits }),
      sandboxOrigin: deps.sandboxOrigin,
      openExternal: (url) => shell.openExternal(url),
      showBilling: () => deps.showWindow('billing'),
    });
    if (outcome.type === 'failed') console.error('[burnrate] tray checkout failed:', outcome.message);
    return;
  }
  try {
    if (action.type === 'pause') await e.pauseDeployment(action.deploymentId);
    const ids = e.deployments.listByState(action.type === 'resume-all' ? 'paused' : 'running').map((d) => d.id);
    if (action.type === 'pause-all') for (const id of ids) await e.pauseDeployment(id).catch(() => undefined);
    if (action.type === 'resume-all') for (const id of ids) await e.resumeDeployment(id).catch(() => undefined);
  } finally {
    await deps.refresh();
  }
}
