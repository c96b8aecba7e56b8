import type { Migration } from '../migrate.js';

/**
 * Alerts that stay true: an alert whose condition passed is resolved
 * (`resolved_at`): it leaves "needs your action" and stays in the history.
 * `condition_key` names the condition an alert is about (`low_balance:500`,
 * `paused_for_credits:3`, `refill_failed` …); at most one unresolved alert
 * per condition, so the same condition is one alert, not three.
 */
export const migration009: Migration = {
  version: 9,
  name: 'alert-resolution',
  sql: `
ALTER TABLE alerts ADD COLUMN condition_key TEXT CHECK (condition_key IS NULL OR length(condition_key) BETWEEN 1 AND 200);
ALTER TABLE alerts ADD COLUMN resolved_at INTEGER;
CREATE UNIQUE INDEX alerts_one_open_per_condition ON alerts (condition_key) WHERE condition_key IS NOT NULL AND resolved_at IS NULL;
`,
};
