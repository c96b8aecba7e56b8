import { useEffect } from 'react';
import { useSnapshot } from '../../app/snapshot-store';
import { formatDayHeading } from '../../format/time';
import { Empty } from '../../ui/Empty';
import { useDeployments } from '../deployments/deployments-store';
import { AlertItem } from './AlertItem';
import { AlertSettingsForm } from './AlertSettingsForm';
import { useAlerts } from './alerts-store';
import { groupByDay } from './group-by-day';

/** Alerts grouped by day, with mark-all-read and the alert settings. */
export function AlertsView() {
  const { alerts, unread, nextBeforeId, markAllRead, more } = useAlerts();
  const version = useSnapshot((s) => s.version);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone);
  useEffect(() => useAlerts.getState().listen(), []);
  useEffect(() => {
    useAlerts.getState().load().catch(() => undefined);
  }, [version]);
  useEffect(() => {
    useAlerts.getState().loadSettings().catch(() => undefined);
    useDeployments.getState().load().catch(() => undefined);
  }, []);
  const ignore = () => undefined;

  return (
    <div className="stack">
      <div className="row">
        <h1>Alerts</h1>
        <span className="spacer" />
        <button onClick={() => markAllRead().catch(ignore)} disabled={unread === 0} data-testid="mark-all-read">
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
      <section className="panel" aria-labelledby="alert-settings-title">
        <h2 id="alert-settings-title">Alert settings</h2>
        <AlertSettingsForm />
      </section>
    </div>
  );
}
