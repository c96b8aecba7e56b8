import type { Alert as AlertDto } from '../../../preload/contract.js';
import type { Alert, AlertKind } from '../../core/alerts/alert-types.js';
import type { Services } from '../../core/services.js';
import { alertDto } from './alert-present.js';

/**
 * Kinds that ask the user to do something (add credits, fix a card, confirm a
 * payment, pause a deployment over its limit). Summaries and "refill added"
 * only inform, so the dashboard leaves them to the Alerts screen.
 */
const ACTION_KINDS: readonly AlertKind[] = [
  'low_balance',
  'runway_low',
  'paused_for_credits',
  'refill_failed',
  'refill_capped',
  'refill_needs_action',
  'auto_refill_disabled',
  'deployment_spend',
  'reconciliation',
  'control_failed',
  'catch_up_confirm',
];

/** How many the dashboard lists; the rest are a link away. */
const SHOWN = 5;
/** How far the count goes before it says "50+". */
const COUNTED = 50;

/**
 * Unread alerts that carry an action and still need it, newest first (at most
 * five), and how many there are (up to 50). An alert whose condition has
 * passed (the deployment resumed, the balance is back above the threshold, a
 * newer runway alert says otherwise) stays on the Alerts screen, not here:
 * UX.md wants this list only when action is needed.
 */
export function alertsNeedingAction(services: Services): { alerts: AlertDto[]; total: number } {
  // Resolved alerts (their condition passed) are history: only open ones ask for action.
  const unread = services.alerts.list({ unread: true, open: true, kinds: ACTION_KINDS, withActions: true, limit: COUNTED });
  const current = unread.filter(stillNeedsAction(services, unread));
  return { alerts: current.slice(0, SHOWN).map(alertDto), total: current.length };
}

/** Whether an action alert's condition still holds now. */
function stillNeedsAction(services: Services, unread: readonly Alert[]): (a: Alert) => boolean {
  const balance = services.engine.ledger.balance();
  const refill = services.payments.refillView();
  const newestRunway = unread.find((a) => a.kind === 'runway_low');
  return (a) => {
    switch (a.kind) {
      case 'paused_for_credits': {
        const d = a.deploymentId === null ? undefined : services.engine.deployments.find(a.deploymentId);
        return d?.state === 'paused' && d.pausedReason === 'insufficient_credits';
      }
      case 'low_balance':
        return typeof a.data.threshold !== 'number' || balance < a.data.threshold;
      case 'runway_low':
        return a === newestRunway;
      case 'refill_needs_action':
        return refill.state.needsAction !== null;
      case 'auto_refill_disabled':
        return !refill.enabled;
      case 'control_failed':
        return a.deploymentId !== null && services.control.failing(a.deploymentId);
      case 'catch_up_confirm':
        return services.engine.heldCatchUp() !== null;
      default:
        return true;
    }
  };
}
