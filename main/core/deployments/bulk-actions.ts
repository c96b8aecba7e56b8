import type { Engine } from '../engine.js';
import { isRefused } from '../errors.js';
import type { Deployment } from './deployment-types.js';

/** "Pause all" or "Resume all" (window, tray, web host: one rule for all of them). */
export type BulkAction = 'pause' | 'resume';

/** What a bulk action did: the deployments it changed and those it could not (with the engine's reason). */
export interface BulkResult {
  changed: Deployment[];
  refused: { id: number; code: string; message: string }[];
}

/**
 * The deployments a bulk action would change, in id order. Pause all: the
 * running ones. Resume all: only those paused for credits — never one the
 * user paused, one a schedule paused, or one paused for credits while its
 * schedule's window holds it (the schedule resumes it when the window ends).
 */
export function bulkTargets(engine: Engine, action: BulkAction, now = engine.now()): Deployment[] {
  if (action === 'pause') return engine.deployments.listByState('running');
  return engine.deployments.listByState('paused').filter((d) => d.pausedReason === 'insufficient_credits' && !engine.heldBySchedule(d.id, now));
}

/** A bulk action's confirmation title, the same in the window and the tray: "Pause 2 deployments?". */
export function bulkQuestion(action: 'pause' | 'resume', count: number): string {
  const n = `${count} deployment${count === 1 ? '' : 's'}`;
  return action === 'pause' ? `Pause ${n}?` : `Resume ${n} paused for credits?`;
}

/**
 * Runs a bulk action after settling. `only` (the ids a confirmation showed)
 * narrows it: what the user did not see is not changed, and what no longer
 * qualifies (started, paused by a schedule meanwhile) is left alone. One
 * refusal (not enough credits to resume) does not stop the others.
 */
export async function runBulk(engine: Engine, action: BulkAction, only?: readonly number[]): Promise<BulkResult> {
  await engine.settle();
  const result: BulkResult = { changed: [], refused: [] };
  for (const d of bulkTargets(engine, action)) {
    if (only && !only.includes(d.id)) continue;
    // Asked again just before acting: the previous one's settle may have changed this one.
    if (!bulkTargets(engine, action).some((t) => t.id === d.id)) continue;
    try {
      const r = action === 'pause' ? await engine.pauseDeployment(d.id) : await engine.resumeDeployment(d.id);
      result.changed.push(r.deployment);
    } catch (err) {
      if (!isRefused(err)) throw err;
      result.refused.push({ id: d.id, code: err.code, message: err.message });
    }
  }
  return result;
}
