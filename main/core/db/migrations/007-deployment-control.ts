import type { Migration } from '../migrate.js';

/**
 * Deployment control: what runs each deployment (a command or a webhook, an
 * optional verify URL), the webhook secrets apart from it, and the outbox of
 * owed actions with their attempts. An action is recorded in the transaction
 * that changed the state (one per state change: UNIQUE event_id) and sent
 * after commit; its key is the webhook id, the same on every retry.
 */
export const migration007: Migration = {
  version: 7,
  name: 'deployment-control',
  sql: `
CREATE TABLE deployment_controls (
  deployment_id INTEGER PRIMARY KEY REFERENCES deployments(id),
  kind TEXT NOT NULL CHECK (kind IN ('command', 'webhook')),
  command TEXT CHECK (command IS NULL OR length(command) BETWEEN 1 AND 4096),
  args TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(args) AND json_type(args) = 'array'),
  url TEXT CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2048),
  verify_url TEXT CHECK (verify_url IS NULL OR length(verify_url) BETWEEN 1 AND 2048),
  updated_at INTEGER NOT NULL,
  CHECK ((kind = 'command') = (command IS NOT NULL)),
  CHECK ((kind = 'webhook') = (url IS NOT NULL))
) STRICT;

-- Kept apart so no query of the control (show, history, handlers) can read it by accident.
CREATE TABLE control_secrets (
  deployment_id INTEGER PRIMARY KEY REFERENCES deployments(id),
  secret TEXT NOT NULL CHECK (secret GLOB 'whsec_*' AND length(secret) BETWEEN 10 AND 200)
) STRICT;

CREATE TABLE control_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  deployment_id INTEGER NOT NULL REFERENCES deployments(id),
  -- The state change that owes it: one action per change.
  event_id INTEGER NOT NULL UNIQUE REFERENCES deployment_events(id),
  action TEXT NOT NULL CHECK (action IN ('start', 'pause', 'resume', 'stop')),
  reason TEXT NOT NULL,
  -- Sent as the webhook id and BURNRATE_ACTION_KEY: the same on every retry.
  action_key TEXT NOT NULL UNIQUE CHECK (length(action_key) BETWEEN 1 AND 100),
  -- The control as it was when the state changed (no secret): kind, command, args, url, verifyUrl.
  target TEXT NOT NULL CHECK (json_valid(target)),
  at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'succeeded', 'failed', 'superseded')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER,
  -- Who is sending it now (a process id and a wall-clock deadline): one process sends each action.
  claimed_by TEXT,
  claim_until INTEGER,
  finished_at INTEGER,
  verify TEXT CHECK (verify IN ('pending', 'ok', 'failed')),
  verify_deadline INTEGER,
  verified_at INTEGER,
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
  CHECK ((status = 'sending') = (claimed_by IS NOT NULL))
) STRICT;
CREATE INDEX control_actions_due ON control_actions (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX control_actions_by_deployment ON control_actions (deployment_id, id);
CREATE INDEX control_actions_verifying ON control_actions (id) WHERE verify IN ('pending', 'failed');

CREATE TABLE control_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  action_id INTEGER NOT NULL REFERENCES control_actions(id),
  n INTEGER NOT NULL CHECK (n >= 1),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  outcome TEXT CHECK (outcome IN ('ok', 'failed')),
  detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
  UNIQUE (action_id, n)
) STRICT;
`,
};
