import type { DeploymentRepo } from '../deployments/deployment-repo.js';
import { crashPoint } from '../crash-points.js';
import type { DeploymentLifecycle } from '../deployments/deployment-lifecycle.js';
import { isRefused } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { autoResumeEnabled } from '../settings/engine-settings.js';

/**
 * Says whether something other than credits keeps a deployment paused at
 * `at` (its pause schedule): auto-resume then leaves it paused for that
 * reason instead, so the schedule resumes it when its window ends.
 */
export type ResumeHold = (deploymentId: number, at: number) => boolean;

/**
 * "Add credits to resume": after credits arrive, deployments paused for
 * insufficient credits resume (reason `credits_added`), oldest deployment first,
 * each one the balance can pay its next hour; one it cannot stays paused and
 * the next is tried. One inside a pause
 * window is not started at night: it becomes paused by its schedule.
 */
export function resumePausedForCredits(
  repo: DeploymentRepo,
  lifecycle: DeploymentLifecycle,
  settings: SettingsStore,
  now: number,
  holds: readonly ResumeHold[] = [],
): number[] {
  if (!autoResumeEnabled(settings)) return [];
  const resumed: number[] = [];
  for (const d of repo.listByState('paused')) {
    if (d.pausedReason !== 'insufficient_credits') continue;
    if (holds.some((held) => held(d.id, now))) {
      repo.transition(d, { state: 'paused', pausedReason: 'schedule', nextChargeAt: null, paidUntil: d.paidUntil }, now, 'schedule');
      continue;
    }
    try {
      lifecycle.resume(d.id, now, 'credits_added');
      crashPoint('auto-resume-each');
      resumed.push(d.id);
    } catch (err) {
      // One the balance cannot pay stays paused; a cheaper, younger one may still fit.
      if (isRefused(err) && err.code === 'insufficient_credits') continue;
      throw err;
    }
  }
  return resumed;
}
