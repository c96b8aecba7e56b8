import type { PgMigration } from '../migrate.js';

/** Row-level security on an org-owned table: rows of the transaction's org only, for reads and writes. */
function orgPolicy(table: string): string {
  return `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY ${table}_org ON ${table} USING (org_id = burnrate_org()) WITH CHECK (org_id = burnrate_org());`;
}

/** A TEXT column holding JSON of one type (SQLite's json_valid(x) AND json_type(x) = …), checked in order. */
const jsonOf = (col: string, type: string) => `CASE WHEN burnrate_json_valid(${col}) THEN jsonb_typeof(${col}::jsonb) = '${type}' ELSE false END`;

const TABLES = [
  'payments',
  'payment_cards',
  'payment_refunds',
  'stripe_events_applied',
  'payment_notices',
  'deployment_schedules',
  'usage_hours',
  'usage_scrape_targets',
  'alerts',
  'alert_rule_state',
  'rollup_zone',
  'rollup_offsets',
  'charge_rollup_daily',
  'deployment_controls',
  'control_secrets',
  'control_actions',
  'control_attempts',
  'deployment_idle',
  'auto_refill',
];

/**
 * Every other table of the desktop's schema (SQLite migrations 002–010 as
 * they stand after 010), per org, with the same table and column names and
 * the same constraints and triggers, so the engine's SQL runs on both stores
 * (store-port.ts, pg-store.ts). As in 002: each org-owned table has org_id
 * (defaulting to the transaction's org) under a FORCE'd policy; every unique
 * key starts with org_id (the store adds it to each ON CONFLICT target);
 * references to a deployment or an entry carry the org (composite keys).
 * The singleton rows (rollup_zone, auto_refill) are made per org when a store
 * opens on it (pg-store-open.ts).
 */
export const pgMigration004: PgMigration = {
  version: 4,
  name: 'engine-tables',
  sql: `
-- SQLite 002: payments
CREATE TABLE payments (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  idempotency_key TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'refill', 'checkout')),
  credits BIGINT NOT NULL CHECK (credits > 0),
  card_id TEXT,
  request TEXT NOT NULL CHECK (burnrate_json_valid(request)),
  status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'succeeded', 'failed', 'requires_action', 'canceled')),
  payment_intent TEXT,
  checkout_session TEXT,
  checkout_url TEXT,
  failure_code TEXT,
  failure_message TEXT,
  card_brand TEXT,
  card_last4 TEXT,
  ledger_entry_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, idempotency_key),
  UNIQUE (org_id, payment_intent),
  UNIQUE (org_id, checkout_session),
  FOREIGN KEY (org_id, ledger_entry_id) REFERENCES ledger_entries (org_id, id),
  CHECK ((status = 'succeeded') = (ledger_entry_id IS NOT NULL))
);
-- At most one refill in flight per payments backend (SQLite 006).
CREATE UNIQUE INDEX payments_one_refill_in_flight ON payments (org_id, (coalesce(request::jsonb ->> 'backend', '')))
  WHERE kind = 'refill' AND status = 'pending';
CREATE INDEX payments_status ON payments (org_id, status) WHERE status IN ('pending', 'open');
CREATE INDEX payments_kind_created ON payments (org_id, kind, created_at);

CREATE TABLE payment_cards (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  id TEXT NOT NULL,
  brand TEXT NOT NULL,
  last4 TEXT NOT NULL,
  exp_month BIGINT NOT NULL,
  exp_year BIGINT NOT NULL,
  funding TEXT NOT NULL,
  is_default BIGINT NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  added_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX payment_cards_one_default ON payment_cards (org_id, is_default) WHERE is_default = 1;

CREATE TABLE payment_refunds (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  id TEXT NOT NULL,
  payment_intent TEXT NOT NULL,
  credits BIGINT NOT NULL CHECK (credits > 0),
  debited BIGINT NOT NULL CHECK (debited >= 0 AND debited <= credits),
  ledger_entry_id BIGINT,
  at BIGINT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, ledger_entry_id) REFERENCES ledger_entries (org_id, id)
);

CREATE TABLE stripe_events_applied (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE payment_notices (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('refill_succeeded', 'refill_failed', 'refill_capped', 'refill_needs_action', 'auto_refill_disabled', 'reconciliation')),
  at BIGINT NOT NULL,
  message TEXT NOT NULL,
  data TEXT NOT NULL CHECK (burnrate_json_valid(data))
);
CREATE INDEX payment_notices_at ON payment_notices (org_id, at);

-- SQLite 003: schedules and usage
CREATE TABLE deployment_schedules (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  time_zone TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  windows TEXT NOT NULL CHECK (CASE WHEN ${jsonOf('windows', 'array')} THEN jsonb_array_length(windows::jsonb) > 0 ELSE false END),
  next_edge_at BIGINT,
  next_edge_kind TEXT CHECK (next_edge_kind IN ('pause', 'resume')),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, deployment_id),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id),
  CHECK ((next_edge_at IS NULL) = (next_edge_kind IS NULL))
);
CREATE INDEX deployment_schedules_next_edge ON deployment_schedules (org_id, next_edge_at) WHERE next_edge_at IS NOT NULL;

CREATE TABLE usage_hours (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  hour_start BIGINT NOT NULL CHECK (hour_start % 3600000 = 0),
  requests BIGINT NOT NULL CHECK (requests >= 0),
  source TEXT NOT NULL CHECK (source IN ('import', 'scrape')),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, deployment_id, hour_start),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id)
);
CREATE INDEX usage_hours_by_hour ON usage_hours (org_id, hour_start);

CREATE TABLE usage_scrape_targets (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
  last_value DOUBLE PRECISION,
  last_at BIGINT,
  last_error TEXT,
  PRIMARY KEY (org_id, deployment_id),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id)
);

CREATE INDEX ledger_charges_by_at ON ledger_entries (org_id, at, deployment_id, credits) WHERE kind = 'charge';

-- SQLite 004 and 009: alerts
CREATE TABLE alerts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  dedupe_key TEXT NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  deployment_id BIGINT,
  action TEXT CHECK (action IS NULL OR burnrate_json_valid(action)),
  data TEXT NOT NULL DEFAULT '{}' CHECK (burnrate_json_valid(data)),
  at BIGINT NOT NULL,
  raised_at BIGINT NOT NULL,
  read_at BIGINT,
  delivery TEXT NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'delivered', 'superseded')),
  delivered_at BIGINT,
  condition_key TEXT CHECK (condition_key IS NULL OR length(condition_key) BETWEEN 1 AND 200),
  resolved_at BIGINT,
  UNIQUE (org_id, dedupe_key)
);
CREATE INDEX alerts_at ON alerts (org_id, at, id);
CREATE INDEX alerts_pending ON alerts (org_id, id) WHERE delivery = 'pending';
CREATE INDEX alerts_unread ON alerts (org_id, at, id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX alerts_one_open_per_condition ON alerts (org_id, condition_key) WHERE condition_key IS NOT NULL AND resolved_at IS NULL;

CREATE TABLE alert_rule_state (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL CHECK (burnrate_json_valid(value)),
  PRIMARY KEY (org_id, key)
);

-- SQLite 005: the charge rollup
CREATE TABLE rollup_zone (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  id BIGINT NOT NULL CHECK (id = 1),
  time_zone TEXT NOT NULL,
  generation BIGINT NOT NULL,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE rollup_offsets (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  from_at BIGINT NOT NULL,
  offset_ms BIGINT NOT NULL CHECK (offset_ms % 60000 = 0 AND abs(offset_ms) <= 86400000),
  PRIMARY KEY (org_id, from_at)
);

CREATE TABLE charge_rollup_daily (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  local_day BIGINT NOT NULL,
  deployment_id BIGINT NOT NULL,
  credits BIGINT NOT NULL,
  hours BIGINT NOT NULL,
  PRIMARY KEY (org_id, local_day, deployment_id)
);

-- Integer division truncates toward zero in both databases, so a day number is the same in both.
CREATE FUNCTION burnrate_charge_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO charge_rollup_daily (org_id, local_day, deployment_id, credits, hours)
  VALUES (NEW.org_id,
          (NEW.at + COALESCE((SELECT offset_ms FROM rollup_offsets WHERE org_id = NEW.org_id AND from_at <= NEW.at ORDER BY from_at DESC LIMIT 1), 0)) / 86400000,
          NEW.deployment_id, NEW.credits, 1)
  ON CONFLICT (org_id, local_day, deployment_id)
  DO UPDATE SET credits = charge_rollup_daily.credits + excluded.credits, hours = charge_rollup_daily.hours + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_charge_rollup AFTER INSERT ON ledger_entries
FOR EACH ROW WHEN (NEW.kind = 'charge') EXECUTE FUNCTION burnrate_charge_rollup();

-- SQLite 007: deployment control
CREATE TABLE deployment_controls (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('command', 'webhook')),
  command TEXT CHECK (command IS NULL OR length(command) BETWEEN 1 AND 4096),
  args TEXT NOT NULL DEFAULT '[]' CHECK (${jsonOf('args', 'array')}),
  url TEXT CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2048),
  verify_url TEXT CHECK (verify_url IS NULL OR length(verify_url) BETWEEN 1 AND 2048),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, deployment_id),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id),
  CHECK ((kind = 'command') = (command IS NOT NULL)),
  CHECK ((kind = 'webhook') = (url IS NOT NULL))
);

CREATE TABLE control_secrets (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  secret TEXT NOT NULL CHECK (secret LIKE 'whsec\\_%' AND length(secret) BETWEEN 10 AND 200),
  PRIMARY KEY (org_id, deployment_id),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id)
);

CREATE TABLE control_actions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL REFERENCES deployment_events(id),
  action TEXT NOT NULL CHECK (action IN ('start', 'pause', 'resume', 'stop')),
  reason TEXT NOT NULL,
  action_key TEXT NOT NULL CHECK (length(action_key) BETWEEN 1 AND 100),
  target TEXT NOT NULL CHECK (burnrate_json_valid(target)),
  at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'succeeded', 'failed', 'superseded')),
  attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at BIGINT,
  claimed_by TEXT,
  claim_until BIGINT,
  finished_at BIGINT,
  verify TEXT CHECK (verify IN ('pending', 'ok', 'failed')),
  verify_deadline BIGINT,
  verified_at BIGINT,
  UNIQUE (org_id, id),
  UNIQUE (org_id, event_id),
  UNIQUE (org_id, action_key),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id),
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
  CHECK ((status = 'sending') = (claimed_by IS NOT NULL))
);
CREATE INDEX control_actions_due ON control_actions (org_id, next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX control_actions_by_deployment ON control_actions (org_id, deployment_id, id);
CREATE INDEX control_actions_verifying ON control_actions (org_id, id) WHERE verify IN ('pending', 'failed');

CREATE TABLE control_attempts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  action_id BIGINT NOT NULL,
  n BIGINT NOT NULL CHECK (n >= 1),
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  outcome TEXT CHECK (outcome IN ('ok', 'failed')),
  detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
  UNIQUE (org_id, action_id, n),
  FOREIGN KEY (org_id, action_id) REFERENCES control_actions (org_id, id)
);

-- SQLite 008: idle auto-pause
CREATE TABLE deployment_idle (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  after_minutes BIGINT NOT NULL CHECK (after_minutes BETWEEN 5 AND 10080),
  set_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, deployment_id),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id)
);

-- SQLite 010: auto-refill's settings and state
CREATE TABLE auto_refill (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  id BIGINT NOT NULL CHECK (id = 1),
  enabled BIGINT NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  threshold_credits BIGINT NOT NULL DEFAULT 500 CHECK (threshold_credits BETWEEN 1 AND 100000000),
  amount_credits BIGINT NOT NULL DEFAULT 2000 CHECK (amount_credits BETWEEN 100 AND 1000000),
  card_id TEXT CHECK (card_id IS NULL OR length(card_id) >= 1),
  max_per_day BIGINT NOT NULL DEFAULT 3 CHECK (max_per_day BETWEEN 1 AND 24),
  monthly_limit_credits BIGINT CHECK (monthly_limit_credits IS NULL OR monthly_limit_credits BETWEEN 100 AND 1000000000),
  owed BIGINT NOT NULL DEFAULT 0 CHECK (owed IN (0, 1)),
  failures BIGINT NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at BIGINT,
  needs_action TEXT,
  cap_notified_at BIGINT,
  capped_at BIGINT,
  PRIMARY KEY (org_id, id)
);

${TABLES.map(orgPolicy).join('\n')}
`,
};
