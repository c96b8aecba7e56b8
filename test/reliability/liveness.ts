import type { Db } from '../../main/core/db/open-database.js';
import { capBlocking, capsLookBack, capsReopenAt, countedRefills, type CountedRefill } from '../../main/core/payments/refill-caps.js';
import type { RefillSettings, RefillState } from '../../main/core/payments/refill-settings.js';
import { readRefillSettings, readRefillState } from '../../main/core/payments/refill-store.js';
import { SettingsStore } from '../../main/core/settings/settings-store.js';
import { autoResumeEnabled, userTimeZone } from '../../main/core/settings/engine-settings.js';

/**
 * What the liveness checks look at, read right after a settle: the refill
 * settings and state, the refills counted by their ledger dates, the
 * deployments paused for credits, the open alerts that ask for an action,
 * and what the harness knows of the world (a chargeable card, the sandbox up).
 */
export interface LivenessSnapshot {
  now: number;
  timeZone: string;
  balance: number;
  refill: RefillSettings;
  state: RefillState;
  refillInFlight: boolean;
  counted: CountedRefill[];
  /** Deployments paused for credits and since when (the pause event's instant). */
  pausedForCredits: { id: number; since: number; price: number }[];
  /** The previous settle's clock reading (a pause before it has already lived through one settle). */
  previousSettleAt: number | null;
  /** The harness's word: the refill card can be charged (no decline or 3-D Secure card in use). */
  cardChargeable: boolean;
  /** The harness's word: the sandbox answers (no faults set). */
  sandboxUp: boolean;
  /** Unread, unresolved alerts that ask for an action, with what the oracle needs. */
  openActionAlerts: { id: number; kind: string; deploymentId: number | null; threshold: number | null }[];
  /** Deployments by id: state and paused reason (the oracle for property 3). */
  deployments: Map<number, { state: string; pausedReason: string | null }>;
  autoResume: boolean;
}

/** Reads a snapshot from a ledger database (the harness adds what it knows of the card and the sandbox). */
export function readLiveness(db: Db, now: number, world: { previousSettleAt: number | null; cardChargeable: boolean; sandboxUp: boolean }): LivenessSnapshot {
  const settings = new SettingsStore(db);
  const tz = userTimeZone(settings);
  const refill = readRefillSettings(db);
  const state = readRefillState(db);
  const from = Math.min(capsLookBack(now, tz), state.cappedAt === null ? Infinity : capsLookBack(state.cappedAt, tz));
  const paused = db
    .prepare(
      `SELECT d.id, (SELECT MAX(at) FROM deployment_events e WHERE e.deployment_id = d.id) AS since,
      (SELECT credits_per_hour FROM instance_tier_prices p WHERE p.code = d.tier AND p.effective_from <= ? ORDER BY effective_from DESC LIMIT 1) AS price
    FROM deployments d WHERE d.state = 'paused' AND d.paused_reason = 'insufficient_credits'`,
    )
    .all(now) as { id: number; since: number; price: number }[];
  const alerts = db
    .prepare(
      `SELECT id, kind, deployment_id AS deploymentId, json_extract(data, '$.threshold') AS threshold FROM alerts
    WHERE read_at IS NULL AND resolved_at IS NULL AND action IS NOT NULL`,
    )
    .all() as LivenessSnapshot['openActionAlerts'];
  const deployments = new Map(
    (db.prepare('SELECT id, state, paused_reason AS pausedReason FROM deployments').all() as { id: number; state: string; pausedReason: string | null }[]).map(
      (d) => [d.id, d],
    ),
  );
  const autoResume = autoResumeEnabled(settings);
  return {
    now,
    timeZone: tz,
    balance: (db.prepare('SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined) ?? 0,
    refill,
    state,
    refillInFlight: (db.prepare("SELECT COUNT(*) FROM payments WHERE kind = 'refill' AND status = 'pending'").pluck().get() as number) > 0,
    counted: countedRefills(db, from),
    pausedForCredits: paused,
    previousSettleAt: world.previousSettleAt,
    cardChargeable: world.cardChargeable,
    sandboxUp: world.sandboxUp,
    openActionAlerts: alerts,
    deployments,
    autoResume,
  };
}

/** Whether nothing but (perhaps) a cap stands between the balance and a refill. */
function refillWanted(s: LivenessSnapshot): boolean {
  return (
    s.refill.enabled &&
    s.balance < s.refill.thresholdCredits &&
    s.state.needsAction === null &&
    s.state.failures === 0 &&
    !s.refillInFlight &&
    s.cardChargeable &&
    s.sandboxUp
  );
}

/**
 * The three liveness properties (docs/RELIABILITY.md) on one snapshot;
 * returns every violation (empty when all hold).
 * L1: with auto-refill on, a chargeable card, the sandbox up and no cap
 *     reached by ledger dates, no deployment stays paused for credits across
 *     a settle (its pause is older than the previous settle) while a refill is wanted.
 * L2: a cap window that reopened before now, while the balance is below the
 *     threshold and refill is on, brought a refill (the cap no longer holds
 *     the refill it refused).
 * L3: no alert that asks for an action is still open after its condition passed.
 */
export function checkLiveness(s: LivenessSnapshot): string[] {
  const out: string[] = [];
  const capped = capBlocking(s.refill, s.counted, s.now, s.timeZone);
  if (refillWanted(s) && capped === null && s.autoResume && s.previousSettleAt !== null) {
    for (const d of s.pausedForCredits) {
      if (d.since <= s.previousSettleAt)
        out.push(
          `L1. deployment ${d.id} paused for credits since ${new Date(d.since).toISOString()}, across a settle, while a refill was possible (no cap by ledger dates)`,
        );
    }
  }
  if (refillWanted(s) && s.state.cappedAt !== null) {
    const reopen = capsReopenAt(s.refill, s.counted, s.state.cappedAt, s.timeZone);
    if (reopen !== null && reopen < s.now)
      out.push(`L2. the cap window reopened at ${new Date(reopen).toISOString()} with the balance below the threshold, and no refill came`);
  }
  for (const a of s.openActionAlerts) {
    const passed = conditionPassed(s, a);
    if (passed) out.push(`L3. alert ${a.id} (${a.kind}) still asks for action after its condition passed: ${passed}`);
  }
  return out;
}

/** The oracle for L3, from plain state: why an action alert's condition has passed, or null while it holds. */
function conditionPassed(s: LivenessSnapshot, a: LivenessSnapshot['openActionAlerts'][number]): string | null {
  switch (a.kind) {
    case 'low_balance':
      return a.threshold !== null && s.balance >= a.threshold ? `balance ${s.balance} ≥ ${a.threshold}` : null;
    case 'paused_for_credits': {
      const d = a.deploymentId === null ? undefined : s.deployments.get(a.deploymentId);
      return d && !(d.state === 'paused' && d.pausedReason === 'insufficient_credits') ? `deployment ${a.deploymentId} is ${d.state}` : null;
    }
    case 'refill_needs_action':
      return s.state.needsAction === null ? 'the card holder acted' : null;
    case 'auto_refill_disabled':
      return s.refill.enabled ? 'auto-refill is on' : null;
    case 'refill_failed':
      return s.state.failures === 0 ? 'a refill went through since' : null;
    default:
      return null;
  }
}
