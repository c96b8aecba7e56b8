import { bulkQuestion, bulkTargets, runBulk, type BulkAction, type BulkResult } from '../core/deployments/bulk-actions.js';
import type { Engine } from '../core/engine.js';

/** Asks the user (a native dialog): the question, the button that says yes, the details below. */
export type TrayConfirm = (question: string, confirmLabel: string, detail?: string) => Promise<boolean>;

/** The tray's question before a bulk action: the question, its yes button, and the list of what changes. */
export function bulkDialog(action: BulkAction, targets: readonly { name: string }[]): { question: string; label: string; detail: string } {
  const names = targets.map((d) => `• ${d.name}`).join('\n');
  return {
    question: bulkQuestion(action, targets.length),
    label: `${action === 'pause' ? 'Pause' : 'Resume'} ${targets.length}`,
    detail: action === 'resume' ? `${names}\n\nDeployments you paused, or a schedule paused, stay paused.` : names,
  };
}

/**
 * Tray "Pause all" / "Resume all": the core's one rule says what would change
 * (Resume all: only what was paused for credits), the dialog lists it, and
 * only the listed ones change. Null when there was nothing to change or the
 * user said no.
 */
export async function bulkFromTray(engine: Engine, action: BulkAction, confirm: TrayConfirm): Promise<BulkResult | null> {
  await engine.settle();
  const targets = bulkTargets(engine, action);
  if (targets.length === 0) return null;
  const ask = bulkDialog(action, targets);
  if (!(await confirm(ask.question, ask.label, ask.detail))) return null;
  return runBulk(
    engine,
    action,
    targets.map((d) => d.id),
  );
}
