import type { Analysis } from '../../api/types';
import { formatCreditsOnly, formatUsd } from '../../format/credits';
import { Figure } from '../../ui/Figure';

/** "▲ 12 %" style change: up is spending more (bad), down is saving. */
export function ChangeVsPrevious({ pct, days }: { pct: number | null; days: number }) {
  if (pct === null) return <span className="muted">no spend in the previous {days} days</span>;
  const up = pct > 0;
  const arrow = pct === 0 ? '→' : up ? '▲' : '▼';
  const cls = pct === 0 ? '' : up ? 'trend-up' : 'trend-down';
  return (
    <span className={cls} aria-label={`${up ? 'up' : pct === 0 ? 'unchanged' : 'down'} ${Math.abs(Math.round(pct))} percent vs the previous ${days} days`}>
      {arrow} {Math.abs(Math.round(pct))} %
    </span>
  );
}

/** Total, change vs the previous period, average per day. */
export function AnalysisSummary({ a }: { a: Analysis }) {
  return (
    <div className="grid-3 keep-row" data-testid="analysis-figures">
      <Figure label={`Total, last ${a.days} days`} testId="analysis-total" value={formatCreditsOnly(a.total)} sub={formatUsd(a.total)} />
      <Figure
        label="Change"
        testId="analysis-change"
        value={a.changePct === null ? '—' : <ChangeVsPrevious pct={a.changePct} days={a.days} />}
        sub={a.changePct === null ? `No spend in the previous ${a.days} days` : `Previous ${a.days} days: ${formatCreditsOnly(a.previousTotal)}`}
      />
      <Figure label="Average per day" testId="analysis-average" value={formatCreditsOnly(a.averagePerDay)} sub={formatUsd(a.averagePerDay)} />
    </div>
  );
}
