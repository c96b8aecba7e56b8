import type { HourlyCharges } from '../billing/hourly-charges.js';
import type { InstanceCatalog } from '../catalog/instance-catalog.js';
import { RefusedError } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import type { DeploymentRepo } from './deployment-repo.js';
import type { Deployment, NewDeployment, PausedReason, TransitionReason } from './deployment-types.js';
import { validateNewDeployment } from './validate-deployment.js';

/** A state change and the charge it made, if any. */
export interface LifecycleResult {
  deployment: Deployment;
  chargedCredits: number;
}

/**
 * The deployment state machine: created → running ⇄ paused → stopped (final).
 * Callers settle due charges first and run each call in a transaction.
 */
export class DeploymentLifecycle {
  constructor(
    private readonly ledger: Ledger,
    private readonly repo: DeploymentRepo,
    private readonly catalog: InstanceCatalog,
    private readonly charges: HourlyCharges,
  ) {}

  /** Creates a deployment in state `created` (nothing is charged until it starts). */
  create(input: NewDeployment, now: number): Deployment {
    const d = validateNewDeployment(input);
    this.catalog.get(d.tier, now);
    return this.repo.insert(d, now);
  }

  /** Starts a never-started deployment, charging its first hour. */
  start(id: number, now: number, reason: TransitionReason = 'user'): LifecycleResult {
    const d = this.repo.get(id);
    if (d.state !== 'created') throw wrongState(d, 'start', d.state === 'paused' ? 'use resume' : undefined);
    return this.run(d, now, reason);
  }

  /** Resumes a paused deployment; inside its paid hour nothing is charged. */
  resume(id: number, now: number, reason: TransitionReason = 'user'): LifecycleResult {
    const d = this.repo.get(id);
    if (d.state !== 'paused') throw wrongState(d, 'resume', d.state === 'created' ? 'use start' : undefined);
    return this.run(d, now, reason);
  }

  /**
   * Pauses a running deployment. The hour already paid is not refunded. A user
   * may also pause one paused for credits or by schedule, so it stays paused.
   */
  pause(id: number, now: number, reason: PausedReason = 'user'): LifecycleResult {
    const d = this.repo.get(id);
    const repausable = d.state === 'paused' && reason === 'user' && d.pausedReason !== 'user';
    if (d.state !== 'running' && !repausable) throw wrongState(d, 'pause');
    const deployment = this.repo.transition(d, { state: 'paused', pausedReason: reason, nextChargeAt: null, paidUntil: d.paidUntil }, now, reason);
    return { deployment, chargedCredits: 0 };
  }

  /** Stops a deployment for good. */
  stop(id: number, now: number): LifecycleResult {
    const d = this.repo.get(id);
    if (d.state === 'stopped') throw wrongState(d, 'stop');
    const deployment = this.repo.transition(d, { state: 'stopped', pausedReason: null, nextChargeAt: null, paidUntil: d.paidUntil }, now, 'user');
    return { deployment, chargedCredits: 0 };
  }

  private run(d: Deployment, now: number, reason: TransitionReason): LifecycleResult {
    const { deployment, charge } = this.charges.beginRunning(d, now, reason);
    return { deployment, chargedCredits: charge ? -charge.credits : 0 };
  }

  /** The ledger this lifecycle charges (for callers composing transactions). */
  get ledgerRef(): Ledger {
    return this.ledger;
  }
}

function wrongState(d: Deployment, action: string, hint?: string): RefusedError {
  const why = d.state === 'paused' && d.pausedReason ? `paused (${d.pausedReason})` : d.state;
  return new RefusedError('invalid_state', `cannot ${action} deployment ${d.id} (${d.name}): it is ${why}${hint ? `; ${hint}` : ''}`);
}
