import { create } from 'zustand';
import { request } from '../../api/client';
import type { BulkAction, Deployment } from '../../api/types';
import { toast } from '../../app/toast-store';
import { bulkQuestion } from '../../format/purchase-question';
import { Dialog } from '../../ui/Dialog';
import { useDeployments } from './deployments-store';

interface Pending {
  action: BulkAction;
  targets: Deployment[];
  resolve(done: boolean): void;
}

const useBulkConfirm = create<{ pending: Pending | null }>(() => ({ pending: null }));

/**
 * Pause all / Resume all, asked first: the engine says what it would change
 * (`deployments/bulkTargets`: Resume all only what was paused for credits),
 * the user sees that list, and only those ids are sent. Resolves true once it
 * ran, false when cancelled or when there was nothing to change.
 */
export async function askBulk(action: BulkAction): Promise<boolean> {
  const targets = await request('deployments/bulkTargets', { action });
  if (targets.length === 0) {
    toast('info', action === 'pause' ? 'Nothing is running.' : 'Nothing is paused for credits. Deployments you or a schedule paused stay paused.');
    return false;
  }
  return new Promise((resolve) => useBulkConfirm.setState({ pending: { action, targets, resolve } }));
}

/** The confirmation of Pause all / Resume all (mounted once, in App). */
export function BulkConfirm() {
  const pending = useBulkConfirm((s) => s.pending);
  const bulk = useDeployments((s) => s.bulk);
  const close = () => useBulkConfirm.setState({ pending: null });
  const cancel = () => {
    pending?.resolve(false);
    close();
  };
  const confirm = () => {
    if (!pending) return;
    close();
    bulk(
      pending.action === 'pause' ? 'pauseAll' : 'resumeAll',
      pending.targets.map((d) => d.id),
    ).then(
      () => pending.resolve(true),
      () => pending.resolve(false),
    );
  };
  const action = pending?.action ?? 'pause';
  const count = pending?.targets.length ?? 0;
  return (
    <Dialog open={pending !== null} title={bulkQuestion(action, count)} onClose={cancel}>
      <ul className="plain-list" data-testid="bulk-targets">
        {pending?.targets.map((d) => (
          <li key={d.id}>
            <strong>{d.name}</strong> <span className="muted small">{d.model}</span>
          </li>
        ))}
      </ul>
      {action === 'resume' ? <p className="muted small">Deployments you paused, or a schedule paused, stay paused.</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={cancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="primary" onClick={confirm} data-testid="bulk-confirm">
          {action === 'pause' ? `Pause ${count}` : `Resume ${count}`}
        </button>
      </div>
    </Dialog>
  );
}
