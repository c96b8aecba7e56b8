import type { SettleReport, DueSource, StepOutcome } from '../billing/settle-types.js';
import type { DeploymentLifecycle } from '../deployments/deployment-lifecycle.js';
import type { DeploymentRepo } from '../deployments/deployment-repo.js';
import type { Deployment } from '../deployments/deployment-types.js';
import { isRefused } from '../errors.js';
import type { ScheduleRepo } from './schedule-repo.js';
import { nextEdgeAfter } from './weekly-windows.js';

/**
 * Pause-schedule edges as due items of the settle loop, so catch-up after
 * sleep replays pauses, resumes and charges in one time order. Priority 0
 * puts an edge before an hourly charge at the same instant (charges are 10).
 */
export class ScheduleSource implements DueSource {
  readonly name = 'pause-schedules';
  readonly priority = 0;

  constructor(
    private readonly schedules: ScheduleRepo,
    private readonly deployments: DeploymentRepo,
    private readonly lifecycle: DeploymentLifecycle,
  ) {}

  peek(now: number): number | null {
    return this.schedules.earliestDue(now);
  }

  nextAt(now: number): number | null {
    return this.schedules.earliestDue(now);
  }

  apply(now: number, report: SettleReport): StepOutcome {
    const s = this.schedules.nextDue(now);
    if (!s || !s.nextEdge) return 'applied';
    const { at, kind } = s.nextEdge;
    const d = this.deployments.find(s.deploymentId);
    if (!d || d.state === 'stopped') {
      this.schedules.setNextEdge(s.deploymentId, null);
      return 'applied';
    }
    if (kind === 'pause' && d.state === 'running') {
      this.lifecycle.pause(d.id, at, 'schedule');
      report.paused.push({ deploymentId: d.id, at, reason: 'schedule' });
    } else if (kind === 'resume' && d.state === 'paused' && d.pausedReason === 'schedule') {
      resumeOrPauseForCredits(this.lifecycle, this.deployments, d, at, report);
    }
    this.schedules.setNextEdge(s.deploymentId, nextEdgeAfter(s, at));
    return 'applied';
  }
}

/**
 * Resumes a deployment the schedule paused, under the normal rules (inside a
 * paid hour nothing is charged, else the first hour is charged at once). One
 * the balance cannot pay stays paused, now for `insufficient_credits`, so that
 * adding credits resumes it; the settle loop never throws on it.
 */
export function resumeOrPauseForCredits(lifecycle: DeploymentLifecycle, repo: DeploymentRepo, d: Deployment, at: number, report: SettleReport): boolean {
  try {
    const { chargedCredits } = lifecycle.resume(d.id, at, 'schedule');
    report.resumed.push({ deploymentId: d.id, at, reason: 'schedule' });
    // A resume after the paid hour starts a session charged at once: the pass reports that hour too.
    if (chargedCredits > 0) {
      report.charged.push({ deploymentId: d.id, hourStart: at, credits: chargedCredits });
      report.chargedCredits += chargedCredits;
    }
    return true;
  } catch (err) {
    if (!isRefused(err) || err.code !== 'insufficient_credits') throw err;
    repo.transition(d, { state: 'paused', pausedReason: 'insufficient_credits', nextChargeAt: null, paidUntil: d.paidUntil }, at, 'insufficient_credits');
    report.paused.push({ deploymentId: d.id, at, reason: 'insufficient_credits' });
    return false;
  }
}
