import type { DeploymentRepo } from '../deployments/deployment-repo.js';
import { crashPoint } from '../crash-points.js';
import type { Deployment } from '../deployments/deployment-types.js';
import type { Ledger } from '../ledger/ledger.js';
import type { HourlyCharges } from './hourly-charges.js';
import type { DueSource, SettleHooks, SettleReport, StepOutcome } from './settle-types.js';

/**
 * Hours of running deployments as due items. The hour starting at t is due
 * once the clock is past t: a deployment paused or stopped at exactly t did
 * not run in [t, t+1h), so a run of exactly one hour costs one hour. An hour the balance cannot pay
 * waits for a refill in flight (the hooks decide how long) or pauses the
 * deployment at that hour with reason `insufficient_credits`.
 */
export class ChargeSource implements DueSource {
  readonly name = 'hourly-charges';
  readonly priority = 10;
  /**
   * The deployment found by the last peek. The settle loop applies a source
   * right after peeking every source (peeks only read), so apply can reuse it
   * instead of querying again; apply always clears it.
   */
  private peeked: { now: number; d: Deployment } | null = null;

  constructor(
    private readonly ledger: Ledger,
    private readonly repo: DeploymentRepo,
    private readonly charges: HourlyCharges,
    private readonly hooks: () => readonly SettleHooks[],
  ) {}

  peek(now: number): number | null {
    const due = this.repo.nextDue(now);
    this.peeked = due ? { now, d: due } : null;
    return due ? due.nextChargeAt : null;
  }

  nextAt(now: number): number | null {
    const at = this.repo.earliestDue();
    return at !== null && at < now ? at : null;
  }

  apply(now: number, report: SettleReport): StepOutcome {
    const peeked = this.peeked;
    this.peeked = null;
    const d = peeked && peeked.now === now ? peeked.d : this.repo.nextDue(now);
    if (!d || d.nextChargeAt === null) return 'applied';
    const hourStart = d.nextChargeAt;
    const price = this.charges.priceOf(d, hourStart);
    if (this.ledger.balance() >= price) {
      this.charges.chargeHour(d, hourStart);
      report.charged.push({ deploymentId: d.id, hourStart, credits: price });
      report.chargedCredits += price;
      return 'applied';
    }
    if (this.hooks().some((h) => h.shouldWaitForCredits?.(hourStart, now))) {
      report.waitingForRefill = true;
      return 'wait';
    }
    this.repo.transition(
      d,
      { state: 'paused', pausedReason: 'insufficient_credits', nextChargeAt: null, paidUntil: d.paidUntil },
      hourStart,
      'insufficient_credits',
    );
    crashPoint('pause-for-credits');
    report.paused.push({ deploymentId: d.id, at: hourStart, reason: 'insufficient_credits' });
    return 'applied';
  }
}
