import type { AutoRefillSummary } from '../../api/types';
import { useNav } from '../../app/nav-store';
import { autoRefillSentence } from './auto-refill-sentence';

/** The dashboard's one line on auto-refill, linking to its settings. */
export function AutoRefillLine({ summary }: { summary: AutoRefillSummary | null }) {
  const go = useNav((s) => s.go);
  return (
    <p className="row" data-testid="auto-refill-line">
      <span>{autoRefillSentence(summary)}</span>
      <button className="link" onClick={() => go('billing', 'auto-refill')}>
        {summary?.enabled ? 'Change' : 'Set up auto-refill'}
      </button>
    </p>
  );
}
