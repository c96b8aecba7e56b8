import { useEffect } from 'react';
import { useSnapshot } from '../../app/snapshot-store';
import { formatDayHeading } from '../../format/time';
import { Empty } from '../../ui/Empty';
import { useNav } from '../../app/nav-store';
import { AlertItem } from './AlertItem';
import { useAlerts } from './alerts-store';
import { groupByDay } from './group-by-day';
import { offer, useAllowed } from '../team/allowed';

/** Alerts grouped by day, with mark-all-read and "Older alerts" paging; their settings are in Settings. */
export function AlertsView() {
  const { alerts, unread, nextBeforeId, markAllRead, more } = useAlerts();
  const markAll = useAllowed('alerts/markAllRead');
  const go = useNav((s) => s.go);
  const version = useSnapshot((s) => s.version);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone);
  useEffect(() => useAlerts.getState().listen(), []);
  useEffect(() => {
    useAlerts
      .getState()
      .load()
      .catch(() => undefined);
  }, [version]);
  const ignore = () => undefined;

  return (
    <div className="stack">
      <div className="row">
        <h1>Alerts</h1>
        <span className="spacer" />
        <button onClick={() => markAllRead().catch(ignore)} {...offer(markAll, unread === 0)} data-testid="mark-all-read">
          Mark all read
        </button>
      </div>
      <section className="panel" aria-label="Alert list">
        {alerts === null ? (
          <Empty>Alerts are not available in this build yet.</Empty>
        ) : alerts.length === 0 ? (
          <Empty>Low balance, refills, pauses for credits and spend summaries will be listed here — nothing needs attention.</Empty>
        ) : (
          groupByDay(alerts, timeZone).map((g) => (
            <div key={g.day}>
              <h3>{formatDayHeading(g.first, timeZone)}</h3>
              <ul className="plain-list">
                {g.alerts.map((a) => (
                  <AlertItem key={a.id} alert={a} timeZone={timeZone} />
                ))}
              </ul>
            </div>
          ))
        )}
        {nextBeforeId !== null ? (
          <button className="small" onClick={() => more().catch(ignore)}>
            Older alerts
          </button>
        ) : null}
      </section>
      <p className="muted small">
        Alert settings (thresholds, runway, summaries, spend limits) are in{' '}
        <button className="link small" onClick={() => go('settings')}>
          Settings
        </button>
        .
      </p>
    </div>
  );
}
