import { createHash } from 'node:crypto';
import type { Db } from '../../../main/core/db/open-database.js';

const TABLES = [
  'ledger_entries',
  'deployments',
  'deployment_events',
  'coupons',
  'coupon_redemptions',
  'settings',
  'payments',
  'payment_cards',
  'deployment_schedules',
  'alerts',
  'alert_rule_state',
  'usage_hours',
  'instance_tier_prices',
];

/** A hash of every row the app keeps: equal before and after means a request changed nothing. */
export function fingerprint(db: Db): string {
  const h = createHash('sha256');
  for (const t of TABLES) {
    for (const row of db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).raw().iterate() as Iterable<unknown[]>) h.update(JSON.stringify(row));
    h.update('|');
  }
  return h.digest('hex');
}
