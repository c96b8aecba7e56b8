import type { Deployment, PauseSchedule } from '../../api/types';
import { formatCount, formatUsd } from '../../format/credits';
import { deploymentColor } from '../../format/series-colors';
import { formatCountdown } from '../../format/time';
import { StateBadge } from '../../ui/StateBadge';
import { offer, useAllowed } from '../team/allowed';
import { scheduleChip } from './schedule-text';

interface Props {
  d: Deployment;
  today: number | null;
  now: number;
  schedule: PauseSchedule | undefined;
  busy: boolean;
  /** Reached through a link (an alert): highlighted. */
  focused: boolean;
  onAct(action: 'start' | 'pause' | 'resume'): void;
  onStop(): void;
  onSchedule(): void;
  onControl(): void;
}

/** One deployment in the table, with the actions its state allows. */
export function DeploymentRow({ d, today, now, schedule, busy, focused, onAct, onStop, onSchedule, onControl }: Props) {
  const live = d.state !== 'stopped';
  const start = offer(useAllowed('deployments/start'), busy);
  const pause = offer(useAllowed('deployments/pause'), busy);
  const resume = offer(useAllowed('deployments/resume'), busy);
  const stop = offer(useAllowed('deployments/stop'), busy);
  const scheduleAllowed = useAllowed('schedules/set');
  return (
    <tr data-testid={`deployment-${d.name}`} id={`deployment-${d.id}`} className={focused ? 'focused' : undefined}>
      <td className="nowrap">
        <span className="swatch" style={{ background: deploymentColor(d.id) }} aria-hidden="true" />
        <strong>{d.name}</strong>
      </td>
      <td>
        <span className="nowrap">{d.model}</span>
        <div className="muted small">
          {d.params}B {d.precision}
        </div>
        {/* Below 1000 px the tier column folds in here (one column less to fit 900×600). */}
        <div className="muted small tier-inline">GPU {d.tier}</div>
      </td>
      <td className="col-tier">{d.tier}</td>
      <td>
        <StateBadge state={d.state} reason={d.pausedReason} />
      </td>
      <td className="num">
        {formatCount(d.creditsPerHour)}
        <div className="muted small">{formatUsd(d.creditsPerHour)}</div>
      </td>
      <td className="num">
        {today === null ? '—' : formatCount(today)}
        {today !== null ? <div className="muted small">{formatUsd(today)}</div> : null}
      </td>
      <td className="num">{d.state === 'running' ? formatCountdown(d.nextChargeAt, now) : '—'}</td>
      <td>
        {live ? (
          <button className="link small" onClick={onSchedule} {...offer(scheduleAllowed)} aria-label={`Pause schedule for ${d.name}`}>
            {scheduleChip(schedule)}
          </button>
        ) : null}
        {/* Stacked under the schedule, not a new column: the table must fit 900×600. */}
        <div>
          <button className="link small" onClick={onControl} aria-label={`Control of ${d.name}`}>
            Control
          </button>
        </div>
      </td>
      <td>
        <div className="row">
          {d.state === 'created' ? (
            <button className="small primary" {...start} onClick={() => onAct('start')} aria-label={`Start ${d.name}`}>
              Start
            </button>
          ) : null}
          {d.state === 'running' ? (
            <button className="small" {...pause} onClick={() => onAct('pause')} aria-label={`Pause ${d.name}`}>
              Pause
            </button>
          ) : null}
          {d.state === 'paused' ? (
            <button className="small" {...resume} onClick={() => onAct('resume')} aria-label={`Resume ${d.name}`}>
              Resume
            </button>
          ) : null}
          {live ? (
            <button className="small danger" {...stop} onClick={onStop} aria-label={`Stop ${d.name}`}>
              Stop
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
