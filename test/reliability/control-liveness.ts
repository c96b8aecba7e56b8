import type { Services } from '../../main/core/services.js';

/**
 * The deployment-control liveness rule (docs/deployment-control.md): every
 * state change of a controlled deployment that owes the instance an action
 * has exactly one action, and each action ends as succeeded, failed with its
 * control_failed alert, or superseded by a later action of the same
 * deployment — never silence. Returns the violations (empty when it holds).
 * Deployments must be controlled from before their first state change.
 * Call it once nothing is left to send (`control.outbox.idle()` after the
 * clock moved past every retry).
 */
export function controlLivenessViolations(s: Services): string[] {
  const db = s.engine.db;
  const out: string[] = [];
  const actions = db.prepare('SELECT id, deployment_id AS d, event_id AS e, status FROM control_actions ORDER BY id').all() as {
    id: number;
    d: number;
    e: number;
    status: string;
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
    out.push(`action ${a.id} of deployment ${a.d} ended ${a.status}${a.status === 'failed' ? ' without its alert' : ''}`);
  }
  return out;
}
