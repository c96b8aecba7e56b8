import { useEffect } from 'react';
import { useNav } from '../../app/nav-store';
import { useSnapshot } from '../../app/snapshot-store';
import { CostByModel } from '../../charts/CostByModel';
import { DailyStackedBars } from '../../charts/DailyStackedBars';
import { Empty } from '../../ui/Empty';
import { useAnalysis } from '../analysis/analysis-store';
import { useDeployments } from '../deployments/deployments-store';
import { ActionAlerts } from './ActionAlerts';
import { AutoRefillLine } from './AutoRefillLine';
import { Banners } from './Banners';
import { FirstRun } from './FirstRun';
import { HeadlineFigures } from './HeadlineFigures';
import { RunningList } from './RunningList';

/** How much is left, when it runs out, and what to do about it. */
export function DashboardView() {
  const s = useSnapshot((st) => st.snapshot);
  const version = useSnapshot((st) => st.version);
  const week = useAnalysis((st) => st.byDays[7]);
  const deployments = useDeployments((st) => st.list);
  const loaded = useDeployments((st) => st.loaded);
  const go = useNav((st) => st.go);

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

  if (!s) return <p className="muted">Loading…</p>;
  const hasCredits = s.balance > 0 || s.monthSpend > 0;
  const showFirstRun = loaded && (!hasCredits || deployments.length === 0);

  return (
    <div className="stack">
      <h1>Dashboard</h1>
      <Banners banners={s.banners} />
      {showFirstRun ? <FirstRun hasCredits={hasCredits} hasDeployment={deployments.length > 0} hasAutoRefill={!!s.autoRefill?.enabled} /> : null}
      <HeadlineFigures s={s} />
      {/* Below the figures: how much is left and when it runs out stay above the fold at 900×600. */}
      <ActionAlerts data={s.actionAlerts} timeZone={s.timeZone} />
      <section className="panel" aria-labelledby="week-title">
        <div className="row">
          <h2 id="week-title">Daily spend, last 7 days</h2>
          <span className="spacer" />
          <button className="link" onClick={() => go('analysis')}>
            Cost analysis
          </button>
        </div>
        {week === undefined ? (
          <p className="muted">Loading…</p>
        ) : week === null ? (
          <Empty>Daily spend appears here once cost analysis is available.</Empty>
        ) : (
          <DailyStackedBars daily={week.daily} deployments={week.deployments} label="Daily spend for the last 7 days, stacked by deployment" small />
        )}
      </section>
      <div className="grid-2">
        <section className="panel" aria-labelledby="model-title">
          <h2 id="model-title">Cost by model (7 days)</h2>
          {week ? <CostByModel items={week.costByModel} /> : <Empty>Cost by model will appear here after the first charged hour.</Empty>}
        </section>
        <section className="panel" aria-labelledby="running-title">
          <h2 id="running-title">Running now</h2>
          <RunningList />
        </section>
      </div>
      <section className="panel">
        <AutoRefillLine summary={s.autoRefill} />
      </section>
    </div>
  );
}
