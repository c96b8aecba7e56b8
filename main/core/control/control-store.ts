import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';
import type { ControlActionRecord, ControlAttempt, ControlConfig, ControlTarget, OwedActionName } from './control-types.js';

interface ConfigRow {
  deployment_id: number;
  kind: 'command' | 'webhook';
  command: string | null;
  args: string;
  url: string | null;
  verify_url: string | null;
  updated_at: number;
  has_secret: number;
}

interface ActionRow {
  id: number;
  deployment_id: number;
  event_id: number;
  action: OwedActionName;
  reason: string;
  action_key: string;
  target: string;
  at: number;
  status: ControlActionRecord['status'];
  attempts: number;
  next_attempt_at: number | null;
  claimed_by: string | null;
  claim_until: number | null;
  finished_at: number | null;
  verify: ControlActionRecord['verify'];
  verify_deadline: number | null;
  verified_at: number | null;
}

function toConfig(r: ConfigRow): ControlConfig {
  const common = { deploymentId: r.deployment_id, verifyUrl: r.verify_url, hasSecret: r.has_secret === 1, updatedAt: r.updated_at };
  return r.kind === 'command'
    ? { kind: 'command', command: r.command!, args: JSON.parse(r.args) as string[], ...common }
    : { kind: 'webhook', url: r.url!, ...common };
}

function toAction(r: ActionRow): ControlActionRecord & { claimedBy: string | null; claimUntil: number | null } {
  return {
    id: r.id,
    deploymentId: r.deployment_id,
    eventId: r.event_id,
    action: r.action,
    reason: r.reason,
    key: r.action_key,
    target: JSON.parse(r.target) as ControlTarget,
    at: r.at,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    finishedAt: r.finished_at,
    verify: r.verify,
    verifyDeadline: r.verify_deadline,
    verifiedAt: r.verified_at,
    claimedBy: r.claimed_by,
    claimUntil: r.claim_until,
  };
}

/** A stored action with who holds it (a process sending it now). */
export type StoredAction = ReturnType<typeof toAction>;

/** The target as stored with an action: what was configured, without the secret. */
export function targetOf(c: ControlConfig): ControlTarget {
  return c.kind === 'command'
    ? { kind: 'command', command: c.command, args: c.args, verifyUrl: c.verifyUrl }
    : { kind: 'webhook', url: c.url, verifyUrl: c.verifyUrl };
}

/** Storage of controls, their secrets, the outbox of owed actions and their attempts. Callers hold the transaction. */
export class ControlStore {
  constructor(private readonly db: Db) {}

  /** A deployment's control, or undefined (the secret itself is never read here). */
  config(deploymentId: number): ControlConfig | undefined {
    const row = cachedStatement(
      this.db,
      `SELECT c.*, (s.deployment_id IS NOT NULL) AS has_secret FROM deployment_controls c
       LEFT JOIN control_secrets s ON s.deployment_id = c.deployment_id WHERE c.deployment_id = ?`,
    ).get(deploymentId) as ConfigRow | undefined;
    return row ? toConfig(row) : undefined;
  }

  /** Replaces a deployment's control (and the target of its actions waiting for a retry); a webhook's secret is stored apart, a command's control drops any. */
  setConfig(deploymentId: number, target: ControlTarget, secret: string | null, now: number): void {
    cachedStatement(
      this.db,
      `INSERT INTO deployment_controls (deployment_id, kind, command, args, url, verify_url, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (deployment_id) DO UPDATE SET kind = excluded.kind, command = excluded.command, args = excluded.args,
         url = excluded.url, verify_url = excluded.verify_url, updated_at = excluded.updated_at`,
    ).run(
      deploymentId,
      target.kind,
      target.kind === 'command' ? target.command : null,
      JSON.stringify(target.kind === 'command' ? target.args : []),
      target.kind === 'webhook' ? target.url : null,
      target.verifyUrl,
      now,
    );
    cachedStatement(this.db, 'DELETE FROM control_secrets WHERE deployment_id = ?').run(deploymentId);
    if (secret !== null) cachedStatement(this.db, 'INSERT INTO control_secrets (deployment_id, secret) VALUES (?, ?)').run(deploymentId, secret);
    // A lead who fixes a broken hook expects the waiting retry to use the fix (and the secret,
    // read at send time, to match the target it signs for); the action and its key stay the same.
    cachedStatement(this.db, "UPDATE control_actions SET target = ? WHERE deployment_id = ? AND status = 'pending'").run(JSON.stringify(target), deploymentId);
  }

  /** Removes a deployment's control and secret; actions already owed are superseded (nothing left to send them to). */
  clear(deploymentId: number, now: number): boolean {
    cachedStatement(this.db, 'DELETE FROM control_secrets WHERE deployment_id = ?').run(deploymentId);
    this.supersedeOlder(deploymentId, Number.MAX_SAFE_INTEGER, now);
    return cachedStatement(this.db, 'DELETE FROM deployment_controls WHERE deployment_id = ?').run(deploymentId).changes > 0;
  }

  /** The webhook secret, for the transport only. */
  secret(deploymentId: number): string | null {
    return (cachedStatement(this.db, 'SELECT secret FROM control_secrets WHERE deployment_id = ?', 'pluck').get(deploymentId) as string | undefined) ?? null;
  }

  /** Records an owed action for a state change (its key derived from the change, so it is the same on every retry). */
  insertOwed(deploymentId: number, eventId: number, action: OwedActionName, reason: string, target: ControlTarget, at: number): void {
    this.supersedeOlder(deploymentId, eventId, at);
    cachedStatement(
      this.db,
      `INSERT INTO control_actions (deployment_id, event_id, action, reason, action_key, target, at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    ).run(deploymentId, eventId, action, reason, `msg_burnrate_${deploymentId}_${eventId}`, JSON.stringify(target), at, at);
  }

  /** A newer state change replaces what was not yet sent: only the latest state matters to the instance. */
  private supersedeOlder(deploymentId: number, beforeEventId: number, now: number): void {
    cachedStatement(
      this.db,
      `UPDATE control_actions SET status = 'superseded', next_attempt_at = NULL, finished_at = ?
       WHERE deployment_id = ? AND event_id < ? AND status = 'pending'`,
    ).run(now, deploymentId, beforeEventId);
  }

  /** Pending actions due by `now` and actions whose sender's claim lapsed, oldest first. */
  due(now: number): StoredAction[] {
    return (
      cachedStatement(this.db, `SELECT * FROM control_actions WHERE (status = 'pending' AND next_attempt_at <= ?) OR status = 'sending' ORDER BY id`).all(
        now,
      ) as ActionRow[]
    ).map(toAction);
  }

  /** When the next pending try falls due, if any. */
  nextDueAt(): number | null {
    return (cachedStatement(this.db, "SELECT MIN(next_attempt_at) FROM control_actions WHERE status = 'pending'", 'pluck').get() as number | null) ?? null;
  }

  /** One action by id. */
  action(id: number): StoredAction | undefined {
    const row = cachedStatement(this.db, 'SELECT * FROM control_actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row ? toAction(row) : undefined;
  }

  /**
   * Takes an action to send it: only one process wins (the row changes from
   * pending, or from a lapsed claim), and the try is recorded as started first.
   */
  claim(a: StoredAction, owner: string, claimUntil: number, now: number): number | null {
    const won = cachedStatement(
      this.db,
      `UPDATE control_actions SET status = 'sending', claimed_by = ?, claim_until = ?, next_attempt_at = NULL, attempts = attempts + 1
       WHERE id = ? AND status = ? AND attempts = ?`,
    ).run(owner, claimUntil, a.id, a.status, a.attempts).changes;
    if (won === 0) return null;
    const n = a.attempts + 1;
    cachedStatement(this.db, 'INSERT INTO control_attempts (action_id, n, started_at) VALUES (?, ?, ?)').run(a.id, n, now);
    return n;
  }

  /**
   * Passes a claim from this process to the runner that goes on with the try
   * (the try stays open); false when the claim is no longer this process's.
   */
  handOff(actionId: number, from: string, to: string, until: number): boolean {
    return (
      cachedStatement(this.db, "UPDATE control_actions SET claimed_by = ?, claim_until = ? WHERE id = ? AND status = 'sending' AND claimed_by = ?").run(
        to,
        until,
        actionId,
        from,
      ).changes > 0
    );
  }

  /** Takes a handed-off try from its runner to record the outcome it left: only one process wins. */
  takeHandedOff(actionId: number, runner: string, attempt: number, owner: string): boolean {
    const sql = "UPDATE control_actions SET claimed_by = ? WHERE id = ? AND status = 'sending' AND claimed_by = ? AND attempts = ?";
    return cachedStatement(this.db, sql).run(owner, actionId, runner, attempt).changes > 0;
  }

  /** Closes a try that a dead process left open. */
  closeInterrupted(actionId: number, now: number): void {
    cachedStatement(
      this.db,
      "UPDATE control_attempts SET finished_at = ?, outcome = 'failed', detail = 'interrupted: the process sending it ended' WHERE action_id = ? AND finished_at IS NULL",
    ).run(now, actionId);
  }

  /** Records a try's outcome. */
  finishAttempt(actionId: number, n: number, ok: boolean, detail: string, now: number): void {
    cachedStatement(this.db, 'UPDATE control_attempts SET finished_at = ?, outcome = ?, detail = ? WHERE action_id = ? AND n = ?').run(
      now,
      ok ? 'ok' : 'failed',
      detail.slice(0, 500),
      actionId,
      n,
    );
  }

  /** The action succeeded; with a verify URL the check is owed until `verifyDeadline`. */
  succeed(actionId: number, now: number, verifyDeadline: number | null): void {
    cachedStatement(
      this.db,
      `UPDATE control_actions SET status = 'succeeded', claimed_by = NULL, claim_until = NULL, finished_at = ?,
         verify = CASE WHEN ? IS NULL THEN NULL ELSE 'pending' END, verify_deadline = ? WHERE id = ?`,
    ).run(now, verifyDeadline, verifyDeadline, actionId);
  }

  /** Another try at `at`. */
  retry(actionId: number, at: number): void {
    cachedStatement(this.db, "UPDATE control_actions SET status = 'pending', claimed_by = NULL, claim_until = NULL, next_attempt_at = ? WHERE id = ?").run(
      at,
      actionId,
    );
  }

  /** No tries left. */
  fail(actionId: number, now: number): void {
    cachedStatement(this.db, "UPDATE control_actions SET status = 'failed', claimed_by = NULL, claim_until = NULL, finished_at = ? WHERE id = ?").run(
      now,
      actionId,
    );
  }

  /** The latest action of each deployment whose verify check is open or failed (older ones no longer describe the instance). */
  verifying(): StoredAction[] {
    return (
      cachedStatement(
        this.db,
        `SELECT a.* FROM control_actions a WHERE a.verify IN ('pending', 'failed')
         AND a.id = (SELECT MAX(b.id) FROM control_actions b WHERE b.deployment_id = a.deployment_id AND b.status <> 'superseded')`,
      ).all() as ActionRow[]
    ).map(toAction);
  }

  /** Records a verify outcome. */
  setVerify(actionId: number, verify: 'ok' | 'failed', now: number): void {
    cachedStatement(this.db, 'UPDATE control_actions SET verify = ?, verified_at = ? WHERE id = ?').run(verify, now, actionId);
  }

  /** Whether a deployment's latest action failed or its check disagrees (its control_failed alert still holds). */
  failing(deploymentId: number): boolean {
    const row = cachedStatement(
      this.db,
      "SELECT status, verify FROM control_actions WHERE deployment_id = ? AND status <> 'superseded' ORDER BY id DESC LIMIT 1",
    ).get(deploymentId) as { status: string; verify: string | null } | undefined;
    return row !== undefined && (row.status === 'failed' || row.verify === 'failed');
  }

  /** A deployment's actions, newest first, with their tries. */
  history(deploymentId: number, limit = 100): (ControlActionRecord & { tries: ControlAttempt[] })[] {
    const rows = (
      cachedStatement(this.db, 'SELECT * FROM control_actions WHERE deployment_id = ? ORDER BY id DESC LIMIT ?').all(deploymentId, limit) as ActionRow[]
    ).map(toAction);
    const tries = cachedStatement(
      this.db,
      'SELECT action_id AS actionId, n, started_at AS startedAt, finished_at AS finishedAt, outcome, detail FROM control_attempts WHERE action_id = ? ORDER BY n',
    );
    return rows.map(({ claimedBy: _c, claimUntil: _u, ...a }) => ({ ...a, tries: tries.all(a.id) as ControlAttempt[] }));
  }
}
