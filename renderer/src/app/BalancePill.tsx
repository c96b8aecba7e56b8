import { formatCreditsOnly, formatUsd } from '../format/credits';
import { pillRunwayLines, runwayStateLabel, runwayToneClass } from '../format/runway';
import { useNav } from './nav-store';
import { useSnapshot } from './snapshot-store';

/** The balance at the top of the sidebar, tinted by runway (UX.md). */
export function BalancePill() {
  const snapshot = useSnapshot((s) => s.snapshot);
  const go = useNav((s) => s.go);
  // As tall as a loaded pill (base.css, `.sidebar .pill`): the entries below stay put when the balance arrives.
  if (!snapshot)
    return (
      <div className="pill ok placeholder" aria-busy="true" data-testid="balance-pill-loading">
        <strong>Loading…</strong>
      </div>
    );
  const { runway } = snapshot;
  const tone = runwayToneClass(runway.state);
  const lines = pillRunwayLines(runway, snapshot.running, snapshot.pausedForCredits);
  return (
    <button
      className={`pill ${tone}`}
      onClick={() => go('billing')}
      data-testid="balance-pill"
      aria-label={`Balance ${formatCreditsOnly(snapshot.balance)}, ${formatUsd(snapshot.balance)}; ${lines.runway}${lines.paused ? `, ${lines.paused}` : ''}, ${runwayStateLabel(runway.state)}. Open billing.`}
    >
      <strong className="num">{formatCreditsOnly(snapshot.balance)}</strong>
      <span className="num">{formatUsd(snapshot.balance)}</span>
      <span>{lines.runway}</span>
      {lines.paused ? <span>{lines.paused}</span> : null}
    </button>
  );
}
