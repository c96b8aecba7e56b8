import type { Migration } from '../migrate.js';

/**
 * Alerts: the persisted list (read/unread) and the delivery queue the desktop
 * shell drains into notifications, plus the small state rules keep between
 * passes (armed flags, cursors, next summary times).
 */
export const migration004: Migration = {
  version: 4,
  name: 'alerts',
  sql: `
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  -- One alert per event: a replayed or repeated evaluation cannot raise it twice.
  dedupe_key TEXT NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  deployment_id INTEGER,
  action TEXT CHECK (action IS NULL OR json_valid(action)),
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  -- When it happened (a replayed hour during catch-up) and when it was recorded.
  at INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  read_at INTEGER,
  delivery TEXT NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'delivered', 'superseded')),
  delivered_at INTEGER
) STRICT;
CREATE INDEX alerts_at ON alerts (at, id);
CREATE INDEX alerts_pending ON alerts (id) WHERE delivery = 'pending';
CREATE INDEX alerts_unread ON alerts (at, id) WHERE read_at IS NULL;

CREATE TABLE alert_rule_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
`,
};
