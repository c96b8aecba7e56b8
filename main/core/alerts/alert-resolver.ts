import type { Engine } from '../engine.js';
import { capsLookBack, capsReopenAt, countedRefills } from '../payments/refill-caps.js';
import { readRefillSettings, readRefillState } from '../payments/refill-store.js';
import { userTimeZone } from '../settings/engine-settings.js';
import type { AlertStore } from './alert-store.js';
import type { Alert } from './alert-types.js';

/**
 * Alerts that stay true: after each settle pass, every open alert that names
 * a condition is checked against the state now, and resolved when the
 * condition has passed (it leaves "needs your action" and stays in the
 * history). The rules that raise alerts also resolve them in event order
 * where they can (a balance rising back, a deployment resumed, a refill that
 * went through); this pass catches what no event says (a setting changed, a
 * cap window that reopened, a catch-up confirmed by another process).
 */
export class AlertResolver {
  constructor(
    private readonly engine: Engine,
    private readonly store: AlertStore,
    private readonly thresholds: () => readonly number[],
  ) {}

  /** Resolves the open alerts whose condition no longer holds at `now`. */
  evaluate(now: number): void {
    const open = this.store.openConditions();
    if (open.length === 0) return;
    for (const a of open) if (!this.holds(a, now)) this.store.resolveCondition(a.conditionKey!, now);
  }

  /** Whether the condition an open alert is about still holds at `now`. */
  holds(a: Alert, now: number): boolean {
    const e = this.engine;
    switch (a.kind) {
      case 'low_balance': {
        const t = a.data.threshold;
        return typeof t === 'number' && this.thresholds().includes(t) && e.ledger.balance() < t;
      }
      case 'paused_for_credits': {
        const d = a.deploymentId === null ? undefined : e.deployments.find(a.deploymentId);
        return d?.state === 'paused' && d.pausedReason === 'insufficient_credits';
      }
      case 'refill_failed':
        return readRefillState(e.db).failures > 0;
      case 'refill_needs_action':
        return readRefillState(e.db).needsAction !== null;
      case 'auto_refill_disabled':
        return !readRefillSettings(e.db).enabled;
      case 'refill_capped':
        return this.stillCapped(now);
      case 'catch_up_confirm':
        return e.heldCatchUp() !== null;
      default:
        // Runway and spend limits are resolved by their own rules when they re-arm.
        return true;
    }
  }

  /** A cap still refuses the refill auto-refill wants: refill on, balance below the threshold, the window not reopened. */
  private stillCapped(now: number): boolean {
    const e = this.engine;
    const s = readRefillSettings(e.db);
    const since = readRefillState(e.db).cappedAt;
    if (!s.enabled || since === null || e.ledger.balance() >= s.thresholdCredits) return false;
    const tz = userTimeZone(e.settings);
    const reopen = capsReopenAt(s, countedRefills(e.db, capsLookBack(since, tz)), since, tz);
    return reopen === null || reopen > now;
  }
}
