import type { Alert as AlertDto } from '../../../preload/contract.js';
import type { AlertKind } from '../../core/alerts/alert-types.js';
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
];

/** How many the dashboard lists; the rest are a link away. */
const SHOWN = 5;
/** How far the count goes before it says "50+". */
const COUNTED = 50;

/** Unread alerts that carry an action, newest first (at most five), and how many there are (up to 50). */
export function alertsNeedingAction(services: Services): { alerts: AlertDto[]; total: number } {
  const unread = services.alerts.list({ unread: true, kinds: ACTION_KINDS, withActions: true, limit: COUNTED });
  return { alerts: unread.slice(0, SHOWN).map(alertDto), total: unread.length };
}
