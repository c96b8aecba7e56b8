import type { View } from '../../preload/contract.js';
import type { Door } from '../host/door/door.js';
import { bulkDialog, type TrayConfirm } from './tray-bulk.js';
import { buyFromTray, type TrayBuyOutcome } from './tray-buy.js';
import type { TrayAction } from './tray-model.js';

/** What a tray click needs when the desktop is connected to a team server. */
export interface ConnectedTrayDeps {
  /** The connected engine's door (actions to the server; offline, refused at once). */
  door: Door;
  confirm: TrayConfirm;
  /** Says why an action did not go through (a native message). */
  inform(title: string, message: string): void;
  openExternal(url: string): Promise<void>;
  showWindow(view?: View): void;
  quit(): void;
}

/**
 * Runs one tray click through the team server: the same questions as the
 * local tray (tray-bulk.ts, tray-buy.ts), the same calls the window makes, so
 * the server's role and offline refusals apply; a refusal is said in a native
 * message, never dropped. The connected engine catches up after each action.
 */
export async function runConnectedTrayAction(action: TrayAction, deps: ConnectedTrayDeps): Promise<TrayBuyOutcome | null> {
  const { door } = deps;
  if (action.type === 'open') return (void deps.showWindow(), null);
  if (action.type === 'quit') return (void deps.quit(), null);
  if (action.type === 'buy') {
    let card: { id: string; brand: string; last4: string } | null = null;
    try {
      const cards = await door.call('payments/cards', {});
      card = cards.find((c) => c.isDefault) ?? null;
    } catch (err) {
      deps.inform('The purchase did not go through', message(err));
      return { type: 'failed', message: message(err) };
    }
    return buyFromTray(action.credits, {
      defaultCard: () => card,
      confirm: deps.confirm,
      buy: (credits, cardId, requestKey) => door.call('payments/purchase', { credits, cardId, requestKey }),
      checkout: (credits) => door.call('payments/checkout', { credits }),
      inform: (text) => deps.inform('The purchase did not go through', text),
      // The server's Stripe (or its sandbox) answers with public Stripe pages only; no loopback sandbox of this desktop's.
      sandboxOrigin: () => null,
      openExternal: deps.openExternal,
      showBilling: () => deps.showWindow('billing'),
    });
  }
  try {
    if (action.type === 'pause') await door.call('deployments/pause', { id: action.deploymentId });
    if (action.type === 'pause-all' || action.type === 'resume-all') {
      const kind = action.type === 'pause-all' ? 'pause' : 'resume';
      const targets = await door.call('deployments/bulkTargets', { action: kind });
      if (targets.length === 0) return null;
      const ask = bulkDialog(kind, targets);
      if (!(await deps.confirm(ask.question, ask.label, ask.detail))) return null;
      const ids = targets.map((d) => d.id);
      await door.call(kind === 'pause' ? 'deployments/pauseAll' : 'deployments/resumeAll', { ids });
    }
  } catch (err) {
    deps.inform('That did not go through', message(err));
  }
  return null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
