import type { Db } from '../../main/core/db/store-port.js';

/**
 * The deployment-control liveness rule (docs/deployment-control.md): every
 * state change of a controlled deployment that owes the instance an action
 * has exactly one action, and each action ends as succeeded, failed with its
 * control_failed alert, or superseded by a later action of the same
 * deployment — never silence. Returns the violations (empty when it holds).
 * Deployments must be controlled from before their first state change.
 * Call it once nothing is left to send (`control.outbox.idle()` after the
 * clock moved past every retry), on the ledger database; or with `now`, the
 * last settle's time, when an action whose next try comes after it still
 * counts as under way (a crash-sweep month ends while retries go on).
 */
export function controlLivenessViolations(db: Db, opts: { now?: number } = {}): string[] {
  const out: string[] = [];
  const actions = db.prepare('SELECT id, deployment_id AS d, event_id AS e, status, next_attempt_at AS next FROM control_actions ORDER BY id').all() as {
    id: number;
    d: number;
    e: number;
    status: string;
    next: number | null;
  }[];
  const byEvent = new Map<number, number>();
  for (const a of actions) byEvent.set(a.e, (byEvent.get(a.e) ?? 0) + 1);
  // Every change of a deployment controlled since before its first event owes one action, except paused → paused.
  const owed = db
    .prepare(
      `SELECT e.id, e.deployment_id AS d FROM deployment_events e JOIN deployment_controls c ON c.deployment_id = e.deployment_id
       WHERE e.from_state <> e.to_state`,
    )
    .all() as { id: number; d: number }[];
  for (const e of owed) if (byEvent.get(e.id) !== 1) out.push(`event ${e.id} of deployment ${e.d} has ${byEvent.get(e.id) ?? 0} actions`);
  const alerted = new Set(db.prepare("SELECT dedupe_key FROM alerts WHERE kind = 'control_failed'").pluck().all() as string[]);
  for (const a of actions) {
    if (a.status === 'succeeded') continue;
    if (a.status === 'failed' && alerted.has(`control_failed:${a.id}`)) continue;
    if (a.status === 'superseded' && actions.some((b) => b.d === a.d && b.id > a.id)) continue;
    if (a.status === 'pending' && opts.now !== undefined && a.next !== null && a.next > opts.now) continue;
    out.push(`action ${a.id} of deployment ${a.d} ended ${a.status}${a.status === 'failed' ? ' without its alert' : ''}`);
  }
  return out;
}
