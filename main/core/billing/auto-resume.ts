import type { DeploymentRepo } from '../deployments/deployment-repo.js';
import { crashPoint } from '../crash-points.js';
import type { DeploymentLifecycle } from '../deployments/deployment-lifecycle.js';
import { isRefused } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { autoResumeEnabled } from '../settings/engine-settings.js';

/**
 * "Add credits to resume": after credits arrive, deployments paused for
 * insufficient credits resume (reason `credits_added`), oldest deployment first,
 * for as long as the balance pays each one's next hour.
 */
export function resumePausedForCredits(repo: DeploymentRepo, lifecycle: DeploymentLifecycle, settings: SettingsStore, now: number): number[] {
  if (!autoResumeEnabled(settings)) return [];
  const resumed: number[] = [];
  for (const d of repo.listByState('paused')) {
    if (d.pausedReason !== 'insufficient_credits') continue;
    try {
      lifecycle.resume(d.id, now, 'credits_added');
      crashPoint('auto-resume-each');
      resumed.push(d.id);
    } catch (err) {
      if (isRefused(err)) break;
      throw err;
    }
  }
  return resumed;
}
