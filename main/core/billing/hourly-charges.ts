import type { InstanceCatalog } from '../catalog/instance-catalog.js';
import { crashPoint } from '../crash-points.js';
import { HOUR_MS } from '../clock.js';
import type { DeploymentRepo } from '../deployments/deployment-repo.js';
import type { Deployment, TransitionReason } from '../deployments/deployment-types.js';
import { RefusedError } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEntry } from '../ledger/entry-types.js';
import { formatCredits } from '../money.js';

/** Idempotency key of one charged hour; the unique index holds the same rule. */
export function chargeKey(deploymentId: number, hourStart: number): string {
  return `charge:${deploymentId}:${hourStart}`;
}

/**
 * Charges hours and opens sessions. A session is charged at its start for the
 * first hour, then at start + 1 h, + 2 h… so a run of length d costs ceil(d / 1 h) hours.
 */
export class HourlyCharges {
  constructor(
    private readonly ledger: Ledger,
    private readonly repo: DeploymentRepo,
    private readonly catalog: InstanceCatalog,
  ) {}

  /** Price of the hour starting at `hourStart` for a deployment's tier. */
  priceOf(d: Deployment, hourStart: number): number {
    return this.catalog.priceAt(d.tier, hourStart);
  }

  /** Records the charge for one hour and moves the deployment's next charge an hour on. */
  chargeHour(d: Deployment, hourStart: number): LedgerEntry {
    const price = this.priceOf(d, hourStart);
    const entry = this.ledger.append({
      kind: 'charge',
      credits: -price,
      idempotencyKey: chargeKey(d.id, hourStart),
      reference: `deployment:${d.id}`,
      deploymentId: d.id,
      hourStart,
      at: hourStart,
      description: `${d.name} — GPU ${d.tier}, 1 hour`,
    });
    crashPoint('charge-before-advance');
    this.repo.updateCharging(d.id, hourStart + HOUR_MS, hourStart + HOUR_MS);
    crashPoint('charge-after-advance');
    return entry;
  }

  /**
   * Puts a created or paused deployment into `running` at `now`. Inside an hour
   * already paid nothing is charged until it ends; otherwise a new session
   * starts and its first hour is charged at once, or the whole step is refused.
   */
  beginRunning(d: Deployment, now: number, reason: TransitionReason): { deployment: Deployment; charge: LedgerEntry | null } {
    if (d.paidUntil !== null && now < d.paidUntil) {
      const deployment = this.repo.transition(d, { state: 'running', pausedReason: null, nextChargeAt: d.paidUntil, paidUntil: d.paidUntil }, now, reason);
      return { deployment, charge: null };
    }
    const price = this.priceOf(d, now);
    const balance = this.ledger.balance();
    if (balance < price) {
      throw new RefusedError(
        'insufficient_credits',
        `${d.name} needs ${formatCredits(price)} for its first hour; the balance is ${formatCredits(balance)}. Add credits first.`,
      );
    }
    const running = this.repo.transition(d, { state: 'running', pausedReason: null, nextChargeAt: now, paidUntil: d.paidUntil }, now, reason);
    const charge = this.chargeHour(running, now);
    return { deployment: { ...running, nextChargeAt: now + HOUR_MS, paidUntil: now + HOUR_MS }, charge };
  }
}
