import { formatCreditsOnly, formatUsd } from '../format/credits';
import { formatRunwayLength, runwayStateLabel, runwayToneClass } from '../format/runway';
import { useNav } from './nav-store';
import { useSnapshot } from './snapshot-store';

/** The balance at the top of the sidebar, tinted by runway (UX.md). */
export function BalancePill() {
  const snapshot = useSnapshot((s) => s.snapshot);
  const go = useNav((s) => s.go);
  if (!snapshot) return <div className="pill ok">Loading…</div>;
  const { runway } = snapshot;
  const tone = runwayToneClass(runway.state);
  const burning = snapshot.running > 0;
  // "N paused for credits" has its own line below, so the runway line only says why nothing burns.
  const length = !burning && snapshot.pausedForCredits > 0 ? 'Out of credits' : formatRunwayLength(runway, burning);
  return (
    <button
      className={`pill ${tone}`}
      onClick={() => go('billing')}
      data-testid="balance-pill"
      aria-label={`Balance ${formatCreditsOnly(snapshot.balance)}, ${formatUsd(snapshot.balance)}; runway ${length}, ${runwayStateLabel(runway.state)}. Open billing.`}
    >
      <strong className="num">{formatCreditsOnly(snapshot.balance)}</strong>
      <span className="num">{formatUsd(snapshot.balance)}</span>
      <span>{burning ? `Runway ${length.replace(/^Over/, 'over')}` : length}</span>
      {snapshot.pausedForCredits > 0 ? <span>{snapshot.pausedForCredits} paused for credits</span> : null}
    </button>
  );
}
