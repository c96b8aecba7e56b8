import type { Suggestion } from '../../api/types';
import { formatCreditsOnly, formatUsd } from '../../format/credits';
import { Empty } from '../../ui/Empty';
import { useAnalysis } from './analysis-store';
import { offer, useAllowed } from '../team/allowed';

/** Suggestions as cards: what, why, the monthly saving and Apply where the app can do it. */
export function SuggestionCards({ items }: { items: Suggestion[] | null }) {
  const apply = useAnalysis((s) => s.apply);
  const applying = useAnalysis((s) => s.applying);
  const allowed = useAllowed('insights/applySuggestion');
  if (items === null) return <Empty>Savings suggestions appear here once insights are available.</Empty>;
  if (items.length === 0) return <Empty>No suggestions right now: every running deployment fits its tier and schedule.</Empty>;
  return (
    <div className="grid-2">
      {items.map((s) => (
        <article key={s.id} className="panel suggestion" data-testid="suggestion">
          <h2>{s.title}</h2>
          <p className="muted">{s.why}</p>
          <p className="saving">
            Saves about {formatCreditsOnly(s.monthlySaving)} ({formatUsd(s.monthlySaving)}) a month
          </p>
          {s.applicable ? (
            <div>
              <button className="primary" {...offer(allowed, applying.includes(s.id))} onClick={() => apply(s.id).catch(() => undefined)}>
                Apply
              </button>
            </div>
          ) : null}
        </article>
      ))}
    </div>
  );
}
