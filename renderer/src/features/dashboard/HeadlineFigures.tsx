import type { Snapshot } from '../../api/types';
import { useNav } from '../../app/nav-store';
import { formatCreditsOnly, formatUsd } from '../../format/credits';
import { formatFirstToPause, formatRunwayLength } from '../../format/runway';
import { Figure } from '../../ui/Figure';

/** Balance, runway, this month, projected month — the five-second glance. */
export function HeadlineFigures({ s }: { s: Snapshot }) {
  const go = useNav((st) => st.go);
  const first = formatFirstToPause(s.runway, s.at, s.timeZone);
  const burning = s.running > 0;
  const outOfCredits = !burning && s.pausedForCredits > 0;
  const runwaySub = outOfCredits ? (
    <>
      Paused until credits arrive.{' '}
      <button className="link small" onClick={() => go('billing')}>
        Add credits
      </button>
    </>
  ) : (
    (first ?? (!burning ? 'No deployment is running' : `At ${formatCreditsOnly(s.burnPerHour)} an hour${s.autoRefill?.enabled ? ', with auto-refill' : ''}`))
  );
  return (
    <div className="grid-4">
      <Figure label="Balance" testId="fig-balance" value={formatCreditsOnly(s.balance)} sub={formatUsd(s.balance)} />
      <Figure label="Runway" testId="fig-runway" value={formatRunwayLength(s.runway, burning, s.pausedForCredits)} sub={runwaySub} />
      <Figure
        label="This month"
        testId="fig-month"
        value={formatCreditsOnly(s.monthSpend)}
        sub={
          <>
            {formatUsd(s.monthSpend)}
            {s.lastMonthSpend !== null ? <> · last month {formatCreditsOnly(s.lastMonthSpend)}</> : null}
          </>
        }
      />
      <Figure
        label="Projected month"
        testId="fig-projected"
        value={s.projectedMonth !== null ? formatCreditsOnly(s.projectedMonth) : '—'}
        sub={s.projectedMonth !== null ? `${formatUsd(s.projectedMonth)} incl. schedules` : 'Projection not available yet'}
      />
    </div>
  );
}
