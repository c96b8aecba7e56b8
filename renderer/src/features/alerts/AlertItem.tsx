import type { Alert } from '../../api/types';
import { useNav } from '../../app/nav-store';
import { formatWeekdayTime } from '../../format/time';
import { SeverityIcon } from '../../ui/SeverityIcon';
import { useAlerts } from './alerts-store';
import { offer, useAllowed } from '../team/allowed';

/** One alert: severity icon, unread dot, message and a link to where it can be acted on. */
export function AlertItem({ alert, timeZone }: { alert: Alert; timeZone?: string }) {
  const go = useNav((s) => s.go);
  const markRead = useAlerts((s) => s.markRead);
  const confirmCatchUp = useAlerts((s) => s.confirmCatchUp);
  // A held catch-up is answered right here: confirming it charges what was held.
  const confirms = (alert.actions ?? []).some((x) => x.target === 'confirm-catch-up');
  const confirm = useAllowed('alerts/confirmCatchUp');
  const mark = useAllowed('alerts/markRead');
  const open = () => {
    if (confirms) {
      confirmCatchUp().catch(() => undefined);
      return;
    }
    if (!alert.read) markRead([alert.id]).catch(() => undefined);
    if (alert.action) go(alert.action.view, alert.action.deploymentId ? `deployment-${alert.action.deploymentId}` : null);
  };
  return (
    <li className="alert-item" data-testid="alert-item">
      <SeverityIcon severity={alert.severity} />
      <div>
        <div>
          {!alert.read ? <span className="dot" role="img" aria-label="unread" /> : null}
          <strong>{alert.title}</strong> <span className="muted small">{formatWeekdayTime(alert.at, timeZone)}</span>
          {alert.resolved ? (
            <span className="muted small" data-testid="alert-resolved">
              {' '}
              · resolved
            </span>
          ) : null}
        </div>
        <div className="muted">{alert.message}</div>
      </div>
      <div>
        {alert.action && !alert.resolved ? (
          <button className="small" onClick={open} {...offer(confirms ? confirm : { ok: true, reason: null })}>
            {alert.action.label}
          </button>
        ) : !alert.read ? (
          <button className="small" onClick={() => markRead([alert.id]).catch(() => undefined)} {...offer(mark)}>
            Mark read
          </button>
        ) : null}
      </div>
    </li>
  );
}
