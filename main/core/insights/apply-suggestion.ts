import { IdlePause } from '../control/idle-pause.js';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import type { PauseSchedules } from '../schedules/pause-schedules.js';
import { type Suggestion, suggestions } from './suggestions.js';

/**
 * Applies the current suggestion of `kind` for a deployment (the UI's Apply
 * button): a tier change (from the next charge), a pause, or a pause schedule.
 * Suggestions are recomputed first, so a stale button cannot apply a stale
 * change; one without an action (quantize: new weights) is refused.
 */
export async function applySuggestion(engine: Engine, schedules: PauseSchedules, kind: string, deploymentId: number): Promise<Suggestion> {
  await engine.settle();
  const s = suggestions(engine).find((x) => x.kind === kind && x.deploymentId === deploymentId);
  if (!s) throw new RefusedError('unknown_suggestion', `there is no '${kind}' suggestion for deployment ${deploymentId} now`);
  const a = s.action;
  if (!a) throw new RefusedError('not_applicable', `'${kind}' needs a change the app cannot make (${s.reason})`);
  if (a.type === 'set-tier') {
    await engine.act(
      () => engine.deployments.setTier(deploymentId, a.tier),
      () => void engine.catalog.get(a.tier, engine.now()),
    );
  } else if (a.type === 'pause') {
    await engine.pauseDeployment(deploymentId);
  } else if (a.type === 'set-idle') {
    await new IdlePause(engine).set(deploymentId, a.afterMinutes);
  } else {
    await schedules.set(deploymentId, { timeZone: a.timeZone, windows: a.windows });
  }
  return s;
}
