import { useEffect, useState } from 'react';
import type { Analysis, Deployment } from '../../api/types';
import { useNav } from '../../app/nav-store';
import { useEngineNow, useSnapshot } from '../../app/snapshot-store';
import { useTicker } from '../../app/use-ticker';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Empty } from '../../ui/Empty';
import { useAnalysis } from '../analysis/analysis-store';
import { CreateDialog } from './CreateDialog';
import { DeploymentRow } from './DeploymentRow';
import { askBulk } from './BulkConfirm';
import { useDeployments } from './deployments-store';
import { ScheduleDialog } from './ScheduleDialog';
import { ControlDialog } from './ControlDialog';
import { offer, useAllowed } from '../team/allowed';

/** Today's cost per deployment, read from the engine's 7-day analysis (last day). */
function todayCosts(week: Analysis | null | undefined): Map<number, number> | null {
  const last = week?.daily[week.daily.length - 1];
  if (!last) return null;
  return new Map(last.byDeployment.map((b) => [b.deploymentId, b.credits]));
}

/** The deployments table with create, lifecycle actions, bulk actions and schedules. */
export function DeploymentsView() {
  useTicker();
  const { list, tiers, schedules, loaded, busy, act } = useDeployments();
  const version = useSnapshot((s) => s.version);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone ?? 'UTC');
  const now = useEngineNow();
  const week = useAnalysis((s) => s.byDays[7]);
  const focus = useNav((s) => s.focus);
  const [creating, setCreating] = useState(focus === 'new');
  const [stopping, setStopping] = useState<Deployment | null>(null);
  const [scheduling, setScheduling] = useState<Deployment | null>(null);
  const [controlling, setControlling] = useState<Deployment | null>(null);

  useEffect(() => {
    useDeployments
      .getState()
      .load()
      .catch(() => undefined);
    useAnalysis
      .getState()
      .load(7)
      .catch(() => undefined);
  }, [version]);
  useEffect(() => {
    if (focus === 'new') setCreating(true);
    // An alert's link lands on its deployment's row.
    else if (focus?.startsWith('deployment-')) document.getElementById(focus)?.scrollIntoView({ block: 'center' });
  }, [focus, loaded]);

  const today = todayCosts(week);
  const anyRunning = list.some((d) => d.state === 'running');
  // Resume all resumes only what was paused for credits (never a user's or a schedule's pause).
  const anyPausedForCredits = list.some((d) => d.state === 'paused' && d.pausedReason === 'insufficient_credits');
  const ignore = () => undefined;
  const pauseAll = useAllowed('deployments/pauseAll');
  const resumeAll = useAllowed('deployments/resumeAll');
  const create = useAllowed('deployments/create');

  return (
    <div className="stack">
      <div className="row">
        <h1>Deployments</h1>
        <span className="spacer" />
        <button onClick={() => askBulk('pause').catch(ignore)} {...offer(pauseAll, !anyRunning)} data-testid="pause-all">
          Pause all
        </button>
        <button onClick={() => askBulk('resume').catch(ignore)} {...offer(resumeAll, !anyPausedForCredits)} data-testid="resume-all">
          Resume all
        </button>
        <button className="primary" onClick={() => setCreating(true)} {...offer(create)} data-testid="new-deployment">
          New deployment
        </button>
      </div>
      <section className="panel table-wrap">
        {loaded && list.length === 0 ? (
          <Empty>No deployments yet. Create one: it is charged by the hour from the moment it starts.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Model</th>
                <th className="col-tier">Tier</th>
                <th>State</th>
                <th className="num">Credits/h</th>
                <th className="num">Today</th>
                <th className="num">Next charge</th>
                <th>Schedule</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <DeploymentRow
                  key={d.id}
                  d={d}
                  now={now}
                  today={today ? (today.get(d.id) ?? 0) : null}
                  schedule={schedules.find((s) => s.deploymentId === d.id)}
                  busy={busy.includes(d.id)}
                  focused={focus === `deployment-${d.id}`}
                  onAct={(a) => act(d.id, a).catch(ignore)}
                  onStop={() => setStopping(d)}
                  onSchedule={() => setScheduling(d)}
                  onControl={() => setControlling(d)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateDialog open={creating && create.ok} tiers={tiers} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={stopping !== null}
        title={`Stop ${stopping?.name ?? ''}?`}
        body="Stopping is final: the deployment cannot be started again. The hour already paid is not refunded."
        confirmLabel="Stop for good"
        onCancel={() => setStopping(null)}
        onConfirm={() => {
          if (stopping) act(stopping.id, 'stop').catch(ignore);
          setStopping(null);
        }}
      />
      <ControlDialog deployment={controlling} onClose={() => setControlling(null)} />
      <ScheduleDialog
        deployment={scheduling}
        schedule={schedules.find((s) => s.deploymentId === scheduling?.id)}
        timeZone={timeZone}
        onClose={() => setScheduling(null)}
      />
    </div>
  );
}
