import type { Migration } from '../migrate.js';

/**
 * Idle auto-pause: a new pause and transition reason `idle`, and each
 * deployment's idle limit. SQLite cannot change a CHECK in place, so
 * `deployments` and `deployment_events` are rebuilt with the same columns,
 * rows, indexes and triggers (foreign keys off meanwhile, checked before commit).
 */
export const migration008: Migration = {
  version: 8,
  name: 'idle-pause',
  rebuildsTables: true,
  sql: `
CREATE TABLE deployments_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
  model TEXT NOT NULL CHECK (length(trim(model)) BETWEEN 1 AND 100),
  params_b REAL NOT NULL CHECK (params_b > 0 AND params_b <= 100000),
  precision TEXT NOT NULL CHECK (precision IN ('fp16', 'bf16', 'awq', 'int4', 'int8')),
  tier TEXT NOT NULL REFERENCES instance_tiers(code),
  state TEXT NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'running', 'paused', 'stopped')),
  paused_reason TEXT CHECK (paused_reason IN ('user', 'schedule', 'insufficient_credits', 'idle')),
  next_charge_at INTEGER,
  paid_until INTEGER,
  created_at INTEGER NOT NULL,
  CHECK ((state = 'running') = (next_charge_at IS NOT NULL)),
  CHECK ((state = 'paused') = (paused_reason IS NOT NULL))
) STRICT;
INSERT INTO deployments_rebuilt SELECT id, name, model, params_b, precision, tier, state, paused_reason, next_charge_at, paid_until, created_at FROM deployments;

CREATE TABLE deployment_events_rebuilt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  deployment_id INTEGER NOT NULL REFERENCES deployments(id),
  at INTEGER NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('user', 'schedule', 'insufficient_credits', 'credits_added', 'idle'))
) STRICT;
INSERT INTO deployment_events_rebuilt SELECT id, deployment_id, at, from_state, to_state, reason FROM deployment_events;

DROP TABLE deployment_events;
DROP TABLE deployments;
ALTER TABLE deployments_rebuilt RENAME TO deployments;
ALTER TABLE deployment_events_rebuilt RENAME TO deployment_events;

CREATE INDEX deployments_next_charge ON deployments (next_charge_at) WHERE state = 'running';
CREATE TRIGGER deployments_stopped_is_final BEFORE UPDATE OF state ON deployments
WHEN OLD.state = 'stopped'
BEGIN SELECT RAISE(ABORT, 'a stopped deployment cannot change state'); END;
CREATE TRIGGER deployments_valid_transition BEFORE UPDATE OF state ON deployments
WHEN OLD.state <> NEW.state AND NOT (
     (OLD.state = 'created' AND NEW.state IN ('running', 'stopped'))
  OR (OLD.state = 'running' AND NEW.state IN ('paused', 'stopped'))
  OR (OLD.state = 'paused'  AND NEW.state IN ('running', 'stopped')))
BEGIN SELECT RAISE(ABORT, 'invalid deployment state transition'); END;

CREATE INDEX deployment_events_by_deployment ON deployment_events (deployment_id, id);
CREATE TRIGGER deployment_events_no_update BEFORE UPDATE ON deployment_events
BEGIN SELECT RAISE(ABORT, 'deployment events are append-only'); END;
CREATE TRIGGER deployment_events_no_delete BEFORE DELETE ON deployment_events
BEGIN SELECT RAISE(ABORT, 'deployment events are append-only'); END;

-- Off by default: a row turns idle auto-pause on for one deployment.
CREATE TABLE deployment_idle (
  deployment_id INTEGER PRIMARY KEY REFERENCES deployments(id),
  after_minutes INTEGER NOT NULL CHECK (after_minutes BETWEEN 5 AND 10080),
  set_at INTEGER NOT NULL
) STRICT;
`,
};
