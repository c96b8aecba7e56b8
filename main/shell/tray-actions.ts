import { dialog, shell } from 'electron';
import type { Services } from '../core/services.js';
import type { View } from '../../preload/contract.js';
import { bulkFromTray, type TrayConfirm } from './tray-bulk.js';
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
  /** Asks before money moves or deployments change (default: a native dialog). */
  confirm?: TrayConfirm;
}

/** A native yes/no question (the tray has no window to put it in). */
export const nativeConfirm: TrayConfirm = async (question, confirmLabel, detail) =>
  (await dialog.showMessageBox({ type: 'question', message: question, detail, buttons: [confirmLabel, 'Cancel'], defaultId: 0, cancelId: 1, noLink: true }))
    .response === 0;

/** Runs one tray menu click. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  const { services } = deps;
  const e = services.engine;
  if (action.type === 'open') return deps.showWindow();
  if (action.type === 'quit') return deps.quit();
  if (action.type === 'buy') {
    const card = services.payments.defaultCard();
    const outcome = await buyFromTray(action.credits, {
      defaultCard: () => card,
      confirm: deps.confirm ?? nativeConfirm,
      buy: (credits, cardId, requestKey) => services.payments.buy({ credits, card: cardId, requestKey }),
      checkout: (credits) => services.payments.checkout({ credits }),
      inform: (message) => void dialog.showMessageBox({ type: 'warning', message: 'The purchase did not go through', detail: message }),
      sandboxOrigin: deps.sandboxOrigin,
      openExternal: (url) => shell.openExternal(url),
      showBilling: () => deps.showWindow('billing'),
    });
    if (outcome.type === 'failed') console.error('[burnrate] tray purchase failed:', outcome.message);
    return deps.refresh();
  }
  try {
    if (action.type === 'pause') await e.pauseDeployment(action.deploymentId);
    // One rule for the window and the tray (core/deployments/bulk-actions.ts), confirmed with the list first.
    if (action.type === 'pause-all') await bulkFromTray(e, 'pause', deps.confirm ?? nativeConfirm);
    if (action.type === 'resume-all') await bulkFromTray(e, 'resume', deps.confirm ?? nativeConfirm);
  } finally {
    await deps.refresh();
  }
}
