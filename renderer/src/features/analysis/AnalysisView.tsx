import { useEffect } from 'react';
import { useSnapshot } from '../../app/snapshot-store';
import { DailyStackedBars } from '../../charts/DailyStackedBars';
import { Empty } from '../../ui/Empty';
import { type Days, useAnalysis } from './analysis-store';
import { AnalysisSummary } from './AnalysisSummary';
import { SuggestionCards } from './SuggestionCards';
import { TopItems } from './TopItems';

const WINDOWS: Days[] = [7, 14, 30];

/** Where the money went over 7 / 14 / 30 days, and how to spend less. */
export function AnalysisView() {
  const days = useAnalysis((s) => s.days);
  const a = useAnalysis((s) => s.byDays[s.days]);
  const suggestions = useAnalysis((s) => s.suggestions);
  const setDays = useAnalysis((s) => s.setDays);
  const version = useSnapshot((s) => s.version);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone ?? 'UTC');

  useEffect(() => {
    useAnalysis
      .getState()
      .load()
      .catch(() => undefined);
    useAnalysis
      .getState()
      .loadSuggestions()
      .catch(() => undefined);
  }, [version]);

  return (
    <div className="stack">
      <div className="row">
        <h1>Cost analysis</h1>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Period">
          {WINDOWS.map((d) => (
            <button key={d} aria-pressed={days === d} onClick={() => setDays(d)} data-testid={`days-${d}`}>
              {d} days
            </button>
          ))}
        </div>
      </div>
      {a === undefined ? (
        <p className="muted">Loading…</p>
      ) : a === null ? (
        <Empty>Cost analysis is not available in this build yet.</Empty>
      ) : (
        <>
          <AnalysisSummary a={a} />
          <section className="panel" aria-labelledby="daily-title">
            <h2 id="daily-title">Daily spend by deployment</h2>
            <DailyStackedBars daily={a.daily} deployments={a.deployments} label={`Daily spend for the last ${a.days} days, stacked by deployment`} />
          </section>
          <TopItems a={a} timeZone={timeZone} />
        </>
      )}
      <section aria-labelledby="suggest-title" className="stack">
        <h2 id="suggest-title">Suggestions</h2>
        <SuggestionCards items={suggestions} />
      </section>
    </div>
  );
}
