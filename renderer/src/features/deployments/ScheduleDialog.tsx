import { useEffect, useState } from 'react';
import type { Deployment, PauseSchedule } from '../../api/types';
import { formatCredits } from '../../format/credits';
import { Dialog } from '../../ui/Dialog';
import { useDeployments } from './deployments-store';
import { cellsToWindows, DAY_NAMES, windowsToCells } from './schedule-text';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Presets cover the usual cases; the grid covers the rest. */
function preset(kind: 'nights' | 'weekends'): Set<string> {
  const cells = new Set<string>();
  for (let day = 0; day < 7; day++) {
    for (const h of HOURS) {
      if (kind === 'nights' && (h >= 20 || h < 8)) cells.add(`${day}:${h}`);
      if (kind === 'weekends' && day >= 5) cells.add(`${day}:${h}`);
    }
  }
  return cells;
}

/** The weekly grid of pause windows, in the user's time zone. */
export function ScheduleDialog({
  deployment,
  schedule,
  timeZone,
  onClose,
}: {
  deployment: Deployment | null;
  schedule: PauseSchedule | undefined;
  timeZone: string;
  onClose(): void;
}) {
  const [cells, setCells] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const save = useDeployments((s) => s.setSchedule);
  const clear = useDeployments((s) => s.clearSchedule);
  useEffect(() => setCells(windowsToCells(schedule?.windows ?? [])), [deployment, schedule]);

  const toggle = (key: string) =>
    setCells((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const submit = async () => {
    if (!deployment) return;
    setSaving(true);
    try {
      if (cells.size === 0) await clear(deployment.id);
      else await save(deployment.id, cellsToWindows(cells));
      onClose();
    } catch {
      // The toast already says why.
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={deployment !== null} title={`Pause schedule — ${deployment?.name ?? ''}`} onClose={onClose}>
      <p className="muted small">
        Marked hours pause the deployment; it resumes when the window ends. Times are in {timeZone}.
        {schedule && schedule.windows.length > 0 ? ` The saved schedule saves about ${formatCredits(schedule.monthlySaving)} a month.` : ''}
      </p>
      <div className="row" style={{ marginBottom: 8 }}>
        {/* Presets add to what is marked (nights and weekends together is the common ask); Clear starts over. */}
        <button className="small" onClick={() => setCells((c) => new Set([...c, ...preset('nights')]))}>
          Nights 20:00–08:00
        </button>
        <button className="small" onClick={() => setCells((c) => new Set([...c, ...preset('weekends')]))}>
          Weekends
        </button>
        <button className="small" onClick={() => setCells(new Set())}>
          Clear
        </button>
      </div>
      <div className="week-grid" role="group" aria-label="Pause hours by day">
        <span />
        {HOURS.map((h) => (
          <span key={h} className="muted" aria-hidden="true">
            {h % 3 === 0 ? h : ''}
          </span>
        ))}
        {DAY_NAMES.map((name, day) => (
          <WeekRow key={name} name={name} day={day} cells={cells} toggle={toggle} />
        ))}
      </div>
      <div className="dialog-actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" disabled={saving} onClick={submit}>
          Save schedule
        </button>
      </div>
    </Dialog>
  );
}

function WeekRow({ name, day, cells, toggle }: { name: string; day: number; cells: Set<string>; toggle(key: string): void }) {
  return (
    <>
      <span>{name}</span>
      {HOURS.map((h) => {
        const key = `${day}:${h}`;
        return <button key={key} aria-pressed={cells.has(key)} aria-label={`Pause ${name} ${String(h).padStart(2, '0')}:00`} onClick={() => toggle(key)} />;
      })}
    </>
  );
}
