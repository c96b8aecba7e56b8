import type { Db } from '../db/open-database.js';
import { crashPoint } from '../crash-points.js';
import { RefusedError } from '../errors.js';
import type { Deployment, DeploymentEvent, DeploymentState, NewDeployment, PausedReason, TransitionReason } from './deployment-types.js';
import { cachedStatement } from '../db/statement-cache.js';

interface DeploymentRow {
  id: number;
  name: string;
  model: string;
  params_b: number;
  precision: Deployment['precision'];
  tier: string;
  state: DeploymentState;
  paused_reason: PausedReason | null;
  next_charge_at: number | null;
  paid_until: number | null;
  created_at: number;
}

function toDeployment(r: DeploymentRow): Deployment {
  return {
    id: r.id,
    name: r.name,
    model: r.model,
    paramsB: r.params_b,
    precision: r.precision,
    tier: r.tier,
    state: r.state,
    pausedReason: r.paused_reason,
    nextChargeAt: r.next_charge_at,
    paidUntil: r.paid_until,
    createdAt: r.created_at,
  };
}

/** Running, or paused by a schedule that will resume it: what the forecast charges. */
const CHARGEABLE = "(state = 'running' OR (state = 'paused' AND paused_reason = 'schedule'))";

/** The fields a transition writes besides the state itself. */
export interface TransitionFields {
  state: DeploymentState;
  pausedReason: PausedReason | null;
  nextChargeAt: number | null;
  paidUntil: number | null;
}

/** A committed-with-it view of one state change: listeners run inside the transaction that made it. */
export interface TransitionRecord {
  before: Deployment;
  after: Deployment;
  at: number;
  reason: TransitionReason;
  eventId: number;
}

/** Storage of deployments and their state-change history. */
export class DeploymentRepo {
  private readonly transitionListeners: ((t: TransitionRecord) => void)[] = [];
  private readonly getStmt;
  private readonly dueStmt;
  private readonly updateStmt;
  private readonly eventStmt;
  private readonly chargingStmt;
  private readonly listStmt;
  private readonly byStateStmt;

  constructor(private readonly db: Db) {
    this.getStmt = cachedStatement(db, 'SELECT * FROM deployments WHERE id = ?');
    this.dueStmt = cachedStatement(db, "SELECT * FROM deployments WHERE state = 'running' AND next_charge_at < ? ORDER BY next_charge_at, id LIMIT 1");
    this.updateStmt = db.prepare(
      'UPDATE deployments SET state = @state, paused_reason = @pausedReason, next_charge_at = @nextChargeAt, paid_until = @paidUntil WHERE id = @id',
    );
    this.eventStmt = db.prepare('INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)');
    // Prepared once: catch-up runs it for every charged hour, and preparing costs more than running it.
    this.chargingStmt = cachedStatement(db, 'UPDATE deployments SET next_charge_at = ?, paid_until = ? WHERE id = ?');
    // Listed after every settle (alerts, runway, auto-resume): prepared once as well.
    this.listStmt = cachedStatement(db, 'SELECT * FROM deployments ORDER BY id');
    this.byStateStmt = cachedStatement(db, 'SELECT * FROM deployments WHERE state = ? ORDER BY id');
  }

  /** Inserts a new deployment in state `created`. */
  insert(d: NewDeployment, at: number): Deployment {
    const row = cachedStatement(
      this.db,
      'INSERT INTO deployments (name, model, params_b, precision, tier, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    ).get(d.name, d.model, d.paramsB, d.precision, d.tier, at) as DeploymentRow;
    return toDeployment(row);
  }

  /** A deployment by id, or undefined. */
  find(id: number): Deployment | undefined {
    const row = this.getStmt.get(id) as DeploymentRow | undefined;
    return row ? toDeployment(row) : undefined;
  }

  /** A deployment by id, or a refusal saying it does not exist. */
  get(id: number): Deployment {
    const d = this.find(id);
    if (!d) throw new RefusedError('unknown_deployment', `no deployment with id ${id}`);
    return d;
  }

  /** All deployments, oldest first. */
  list(): Deployment[] {
    return (this.listStmt.all() as DeploymentRow[]).map(toDeployment);
  }

  /** Deployments in one state. */
  listByState(state: DeploymentState): Deployment[] {
    return (this.byStateStmt.all(state) as DeploymentRow[]).map(toDeployment);
  }

  /** The running deployment whose next hour falls due first, if it started before `now`. */
  nextDue(now: number): Deployment | undefined {
    const row = this.dueStmt.get(now) as DeploymentRow | undefined;
    return row ? toDeployment(row) : undefined;
  }

  /** Deployments that may be charged without a user action: running, or paused by their schedule (the forecast's input). */
  listChargeable(): Deployment[] {
    return (cachedStatement(this.db, `SELECT * FROM deployments WHERE ${CHARGEABLE} ORDER BY id`).all() as DeploymentRow[]).map(toDeployment);
  }

  /** The tier of every deployment that may be charged without a user action: running, or paused by its schedule. */
  chargeableTiers(): string[] {
    return cachedStatement(this.db, `SELECT tier FROM deployments WHERE ${CHARGEABLE}`, 'pluck').all() as string[];
  }

  /** When the latest state change happened (null before any). */
  lastEventAt(): number | null {
    return (cachedStatement(this.db, 'SELECT MAX(at) FROM deployment_events', 'pluck').get() as number | null) ?? null;
  }

  /** Earliest next-charge time among running deployments. */
  earliestDue(): number | null {
    return (cachedStatement(this.db, "SELECT MIN(next_charge_at) FROM deployments WHERE state = 'running'", 'pluck').get() as number | null) ?? null;
  }

  /** Writes new charging fields without a state change (an hour was paid). */
  updateCharging(id: number, nextChargeAt: number, paidUntil: number): void {
    this.chargingStmt.run(nextChargeAt, paidUntil, id);
  }

  /** Changes state and records the event with its time and reason. */
  transition(d: Deployment, fields: TransitionFields, at: number, reason: TransitionReason): Deployment {
    this.updateStmt.run({ id: d.id, ...fields });
    crashPoint('transition-before-event');
    const eventId = Number(this.eventStmt.run(d.id, at, d.state, fields.state, reason).lastInsertRowid);
    const after = { ...d, ...fields };
    for (const l of this.transitionListeners) l({ before: d, after, at, reason, eventId });
    return after;
  }

  /**
   * Calls `listener` inside the transaction of every state change (deployment
   * control records the action it owes there, so the two commit together).
   */
  onTransition(listener: (t: TransitionRecord) => void): () => void {
    this.transitionListeners.push(listener);
    return () => {
      const i = this.transitionListeners.indexOf(listener);
      if (i >= 0) this.transitionListeners.splice(i, 1);
    };
  }

  /** Changes the tier (takes effect from the next charge). */
  setTier(id: number, tier: string): void {
    cachedStatement(this.db, 'UPDATE deployments SET tier = ? WHERE id = ?').run(tier, id);
  }

  /** State-change history of one deployment, oldest first. */
  events(id: number): DeploymentEvent[] {
    return cachedStatement(
      this.db,
      'SELECT id, deployment_id AS deploymentId, at, from_state AS fromState, to_state AS toState, reason FROM deployment_events WHERE deployment_id = ? ORDER BY id',
    ).all(id) as DeploymentEvent[];
  }
}
