import type { Db } from '../db/open-database.js';
import { crashPoint } from '../crash-points.js';
import { emptyReport, type DueSource, type SettleHooks, type SettleReport } from './settle-types.js';

/** Items applied per transaction: large enough for fast catch-up, small enough to keep commits frequent. */
const BATCH = 2000;

/**
 * Applies everything due up to `now` from all sources in one time order
 * (ties: lower priority first, then the order sources were registered), committing in batches and
 * stepping out of the transaction whenever a hook needs async work.
 * Computed from stored state and the clock only: a clock that moved back
 * finds nothing due.
 */
export async function settleDue(db: Db, sources: readonly DueSource[], hooks: readonly SettleHooks[], now: number): Promise<SettleReport> {
  const report = emptyReport();
  for (;;) {
    // Async work first: a refill armed before this pass (or left pending by a
    // crash) must get its chance before an unpayable first item says "wait".
    if (hooks.some((h) => h.wantsAsync?.(now))) {
      crashPoint('settle-before-async');
      for (const h of hooks) await h.runAsync?.(now, report);
      crashPoint('settle-after-async');
    }
    crashPoint('settle-before-begin');
    const outcome = db.transaction(() => runBatch(sources, hooks, now, report)).immediate();
    crashPoint('settle-after-commit');
    if (outcome === 'done' || outcome === 'wait') break;
  }
  for (const h of hooks) await h.afterSettle?.(now, report);
  crashPoint('settle-after-hooks');
  return report;
}

function runBatch(sources: readonly DueSource[], hooks: readonly SettleHooks[], now: number, report: SettleReport): 'done' | 'more' | 'async' | 'wait' {
  for (let i = 0; i < BATCH; i++) {
    let best: DueSource | null = null;
    let bestAt = Infinity;
    let bestPriority = Infinity;
    for (const s of sources) {
      const at = s.peek(now);
      const priority = s.priority ?? 0;
      if (at !== null && (at < bestAt || (at === bestAt && priority < bestPriority))) {
        best = s;
        bestAt = at;
        bestPriority = priority;
      }
    }
    if (!best) return 'done';
    if (best.apply(now, report) === 'wait') return 'wait';
    crashPoint('settle-in-batch');
    if (hooks.some((h) => h.wantsAsync?.(now))) return 'async';
  }
  return 'more';
}
