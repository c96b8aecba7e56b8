import type { ControlView } from '../../api/types';
import { useSnapshot } from '../../app/snapshot-store';
import { formatDateTime } from '../../format/time';
import { checkedActionId, outcomeText, reasonText } from './control-history-text';

/** Every action a deployment's control was sent, newest first, with its tries and verify check. */
export function ControlHistory({ view }: { view: ControlView | null }) {
  // The app's time zone, like every other time on screen and the control_failed alert's "at 02:00".
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone);
  if (!view || view.history.length === 0) return <p className="muted small">No actions sent yet.</p>;
  const checked = checkedActionId(view.history);
  return (
    <table className="small" aria-label="Control history">
      <thead>
        <tr>
          <th>When</th>
          <th>Action</th>
          <th>Outcome</th>
          <th>Last try</th>
        </tr>
      </thead>
      <tbody>
        {view.history.map((a) => {
          const last = a.tries[a.tries.length - 1];
          return (
            <tr key={a.id} className={a.status === 'failed' || a.verify === 'failed' ? 'field-error' : undefined}>
              <td className="nowrap">{formatDateTime(a.at, timeZone)}</td>
              <td>
                {a.action} <span className="muted">({reasonText(a.reason)})</span>
              </td>
              <td>{outcomeText(a, a.id === checked, timeZone)}</td>
              <td>{last ? last.detail || '…' : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
