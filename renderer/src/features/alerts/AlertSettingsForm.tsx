import { useEffect, useState } from 'react';
import { formatCount } from '../../format/credits';
import { useDeployments } from '../deployments/deployments-store';
import { useAlerts } from './alerts-store';
import { checkLimit, type LimitDraft, toDrafts } from './limit-draft';

/** "500, 100" → [500, 100]; null when any part is not a whole number. */
function parseThresholds(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** Low-balance thresholds, runway hours, summaries and per-deployment spend limits. */
export function AlertSettingsForm() {
  const settings = useAlerts((s) => s.settings);
  const save = useAlerts((s) => s.saveSettings);
  const deployments = useDeployments((s) => s.list);
  const [thresholds, setThresholds] = useState('');
  const [runway, setRunway] = useState('');
  const [daily, setDaily] = useState(false);
  const [weekly, setWeekly] = useState(false);
  const [time, setTime] = useState('09:00');
  const [limits, setLimits] = useState<LimitDraft[]>([]);

  useEffect(() => {
    if (!settings) return;
    setThresholds(settings.lowBalanceThresholds.join(', '));
    setRunway(settings.runwayHours === null ? '' : String(settings.runwayHours));
    setDaily(settings.dailySummary);
    setWeekly(settings.weeklySummary);
    setTime(settings.summaryTime);
    setLimits(toDrafts(settings.deploymentLimits));
  }, [settings]);

  if (!settings) return <p className="muted">Alert settings are not available in this build yet.</p>;
  const parsed = parseThresholds(thresholds);
  const runwayOk = runway.trim() === '' || /^\d+$/.test(runway.trim());
  const checked = limits.map(checkLimit);
  const limitsOk = checked.every((c) => c.ok);
  const live = deployments.filter((d) => d.state !== 'stopped');

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!parsed || !runwayOk || !limitsOk) return;
    save({
      lowBalanceThresholds: parsed,
      runwayHours: runway.trim() === '' ? null : Number(runway),
      dailySummary: daily,
      weeklySummary: weekly,
      summaryTime: time,
      deploymentLimits: checked.flatMap((c) => (c.ok ? [c.limit] : [])),
    }).catch(() => undefined);
  };
  const setLimit = (i: number, patch: Partial<LimitDraft>) => setLimits((ls) => ls.map((l, n) => (n === i ? { ...l, ...patch } : l)));

  return (
    <form className="stack" onSubmit={submit}>
      <div className="grid-3">
        <label>
          Low-balance thresholds (credits, comma-separated)
          <input value={thresholds} onChange={(e) => setThresholds(e.target.value)} aria-invalid={parsed === null} placeholder="e.g. 2000, 500" />
        </label>
        <label>
          Warn when runway is under (hours)
          <input value={runway} onChange={(e) => setRunway(e.target.value)} inputMode="numeric" aria-invalid={!runwayOk} placeholder="off" />
        </label>
        <label>
          Summary time
          <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <label className="inline">
          <input type="checkbox" checked={daily} onChange={(e) => setDaily(e.target.checked)} /> Daily spend summary
        </label>
        <label className="inline">
          <input type="checkbox" checked={weekly} onChange={(e) => setWeekly(e.target.checked)} /> Weekly spend summary
        </label>
      </div>
      <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0, gap: 6 }}>
        <legend className="small muted">Per-deployment spend limits</legend>
        {limits.map((l, i) => {
          const check = checked[i];
          const problem = check && !check.ok ? check : null;
          return (
            <div className="stack tight" key={i} data-testid="spend-limit" aria-live="polite">
              <div className="row">
                <select value={l.deploymentId} onChange={(e) => setLimit(i, { deploymentId: Number(e.target.value) })} aria-label="Deployment">
                  {live.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
                <label className="inline">
                  over
                  <input
                    value={l.credits}
                    onChange={(e) => setLimit(i, { credits: e.target.value })}
                    inputMode="numeric"
                    size={8}
                    aria-label="Credits"
                    aria-invalid={problem?.field === 'credits'}
                    aria-describedby={`limit-help-${i}`}
                  />
                  credits in
                  <input
                    value={l.windowHours}
                    onChange={(e) => setLimit(i, { windowHours: e.target.value })}
                    inputMode="numeric"
                    size={4}
                    aria-label="Hours"
                    aria-invalid={problem?.field === 'windowHours'}
                    aria-describedby={`limit-help-${i}`}
                  />
                  h
                </label>
                <button type="button" className="small" onClick={() => setLimits((ls) => ls.filter((_, n) => n !== i))}>
                  Remove
                </button>
              </div>
              {problem ? (
                <div id={`limit-help-${i}`} className="field-error" data-testid="spend-limit-error">
                  {problem.message}
                </div>
              ) : null}
            </div>
          );
        })}
        {live.length > 0 ? (
          <div>
            <button
              type="button"
              className="small"
              onClick={() => setLimits((ls) => [...ls, { deploymentId: live[0]?.id ?? 0, credits: '5000', windowHours: '24' }])}
            >
              Add a spend limit
            </button>
          </div>
        ) : (
          <p className="muted small">Create a deployment to set a spend limit for it.</p>
        )}
      </fieldset>
      <p className="muted small">
        {parsed && parsed.length ? `Alerts when the balance falls below ${parsed.map(formatCount).join(', ')} credits.` : 'No low-balance alert.'}
      </p>
      <div>
        <button type="submit" className="primary" disabled={!parsed || !runwayOk || !limitsOk}>
          Save alert settings
        </button>
      </div>
    </form>
  );
}
