import type { Alert, Channel } from '../../api/types';
import { useNav } from '../../app/nav-store';
import { formatWeekdayTime } from '../../format/time';
import { SeverityIcon } from '../../ui/SeverityIcon';
import { useAlerts } from '../alerts/alerts-store';
import { askBulk } from '../deployments/BulkConfirm';
import { useDeployments } from '../deployments/deployments-store';
import { allowance, offer } from '../team/allowed';
import { useTeam } from '../team/team-store';

type Action = NonNullable<Alert['actions']>[number];

/** The channel an alert's button calls right here (null: it opens a screen, where that screen's own gates apply). */
function actionChannel(target: string): Channel | null {
  if (target === 'confirm-catch-up') return 'alerts/confirmCatchUp';
  if (target === 'pause-all') return 'deployments/pauseAll';
  if (/^pause:\d+$/.test(target)) return 'deployments/pause';
  return null;
}

/**
 * Unread alerts that ask for something (UX.md: "each alert links to where it
 * can be acted on"), with their own buttons and Dismiss (mark read). Pausing
 * is done right here; everything else opens the screen where it is done.
 */
export function ActionAlerts({ data, timeZone }: { data: { alerts: Alert[]; total: number } | undefined; timeZone: string }) {
  const go = useNav((s) => s.go);
  const markRead = useAlerts((s) => s.markRead);
  const { act } = useDeployments();
  const team = useTeam((s) => s.status);
  if (!data || data.alerts.length === 0) return null;
  const ignore = () => undefined;
  const gate = (channel: Channel | null) => offer(channel ? allowance(team, channel) : { ok: true, reason: null });
  const run = (a: Alert, x: Action) => {
    // Acting on an alert answers it: it leaves this list (it stays on the Alerts screen, read).
    // A pause answers it once done: a refused one (toasted) leaves the alert asking.
    const answered = () => markRead([a.id]).catch(ignore);
    const pause = /^pause:(\d+)$/.exec(x.target);
    if (x.target === 'confirm-catch-up') useAlerts.getState().confirmCatchUp().then(answered, ignore);
    else if (x.target === 'pause-all') askBulk('pause').then((done) => (done ? answered() : undefined), ignore);
    else if (pause) act(Number(pause[1]), 'pause').then(answered, ignore);
    else {
      answered();
      go(
        x.view ?? a.action?.view ?? 'alerts',
        x.target === 'auto-refill' || x.target === 'confirm-payment' ? 'auto-refill' : a.deploymentId ? `deployment-${a.deploymentId}` : null,
      );
    }
  };
  const more = data.total - data.alerts.length;
  return (
    <section className="panel" aria-labelledby="action-alerts-title" data-testid="action-alerts">
      <div className="row">
        <h2 id="action-alerts-title">Needs your action</h2>
        <span className="spacer" />
        <button className="link small" onClick={() => go('alerts')}>
          {more > 0 ? `${more}${data.total >= 50 ? '+' : ''} more in Alerts` : 'All alerts'}
        </button>
      </div>
      <ul className="plain-list">
        {data.alerts.map((a) => (
          <li key={a.id} className="alert-item" data-testid="action-alert">
            <SeverityIcon severity={a.severity} />
            <div>
              <div>
                <strong>{a.title}</strong> <span className="muted small">{formatWeekdayTime(a.at, timeZone)}</span>
              </div>
              <div className="muted">{a.message}</div>
            </div>
            <div className="row">
              {(a.actions ?? []).map((x) => (
                <button key={x.target} className="small primary" onClick={() => run(a, x)} {...gate(actionChannel(x.target))}>
                  {x.label}
                </button>
              ))}
              <button className="small" onClick={() => markRead([a.id]).catch(ignore)} {...gate('alerts/markRead')} aria-label={`Dismiss: ${a.title}`}>
                Dismiss
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
