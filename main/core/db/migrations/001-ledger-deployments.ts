import type { Migration } from '../migrate.js';

/**
 * The ledger, the instance catalog, deployments and coupons. Every rule the
 * database can hold is held here: the code checks the same rules besides.
 */
export const migration001: Migration = {
  version: 1,
  name: 'ledger-deployments',
  sql: `
CREATE TABLE instance_tiers (
  code TEXT PRIMARY KEY CHECK (code GLOB '[A-Z]*' AND length(code) BETWEEN 1 AND 8),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  memory_gb INTEGER NOT NULL CHECK (memory_gb > 0)
) STRICT;

-- Price history: a charge uses the price in force when its hour fell due.
CREATE TABLE instance_tier_prices (
  code TEXT NOT NULL REFERENCES instance_tiers(code),
  effective_from INTEGER NOT NULL,
  credits_per_hour INTEGER NOT NULL CHECK (credits_per_hour > 0 AND credits_per_hour <= 10000000),
  PRIMARY KEY (code, effective_from)
) STRICT;

INSERT INTO instance_tiers (code, name, memory_gb) VALUES ('S', 'GPU S', 24), ('M', 'GPU M', 48), ('L', 'GPU L', 160);
INSERT INTO instance_tier_prices (code, effective_from, credits_per_hour) VALUES ('S', 0, 60), ('M', 0, 180), ('L', 0, 350);

CREATE TABLE deployments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
  model TEXT NOT NULL CHECK (length(trim(model)) BETWEEN 1 AND 100),
  params_b REAL NOT NULL CHECK (params_b > 0 AND params_b <= 100000),
  precision TEXT NOT NULL CHECK (precision IN ('fp16', 'bf16', 'awq', 'int4', 'int8')),
  tier TEXT NOT NULL REFERENCES instance_tiers(code),
  state TEXT NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'running', 'paused', 'stopped')),
  paused_reason TEXT CHECK (paused_reason IN ('user', 'schedule', 'insufficient_credits')),
  -- While running: when the next hour falls due. NULL otherwise.
  next_charge_at INTEGER,
  -- End of the last paid hour: resuming before it charges nothing until then.
  paid_until INTEGER,
  created_at INTEGER NOT NULL,
  CHECK ((state = 'running') = (next_charge_at IS NOT NULL)),
  CHECK ((state = 'paused') = (paused_reason IS NOT NULL))
) STRICT;

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

CREATE TABLE deployment_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  deployment_id INTEGER NOT NULL REFERENCES deployments(id),
  at INTEGER NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('user', 'schedule', 'insufficient_credits', 'credits_added'))
) STRICT;

CREATE INDEX deployment_events_by_deployment ON deployment_events (deployment_id, id);

CREATE TRIGGER deployment_events_no_update BEFORE UPDATE ON deployment_events
BEGIN SELECT RAISE(ABORT, 'deployment events are append-only'); END;
CREATE TRIGGER deployment_events_no_delete BEFORE DELETE ON deployment_events
BEGIN SELECT RAISE(ABORT, 'deployment events are append-only'); END;

CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'refill', 'coupon', 'charge', 'refund', 'reversal', 'adjustment')),
  credits INTEGER NOT NULL,
  balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  reference TEXT,
  deployment_id INTEGER REFERENCES deployments(id),
  hour_start INTEGER,
  at INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  CHECK (kind NOT IN ('purchase', 'refill', 'coupon') OR credits > 0),
  CHECK (kind NOT IN ('charge', 'refund') OR credits < 0),
  CHECK (kind <> 'charge' OR (deployment_id IS NOT NULL AND hour_start IS NOT NULL)),
  CHECK (kind = 'charge' OR hour_start IS NULL),
  CHECK (credits <> 0)
) STRICT;

-- A (deployment, hour start) pair is charged at most once.
CREATE UNIQUE INDEX ledger_one_charge_per_hour ON ledger_entries (deployment_id, hour_start) WHERE kind = 'charge';
CREATE INDEX ledger_kind_at ON ledger_entries (kind, at);
CREATE INDEX ledger_at ON ledger_entries (at);
CREATE INDEX ledger_reference ON ledger_entries (reference) WHERE reference IS NOT NULL;

-- Each entry continues the chain: balance_after = previous balance_after + credits.
CREATE TRIGGER ledger_balance_chain BEFORE INSERT ON ledger_entries
WHEN NEW.balance_after <> COALESCE((SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1), 0) + NEW.credits
BEGIN SELECT RAISE(ABORT, 'balance_after must equal the previous balance plus credits'); END;

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: record a reversal instead'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: record a reversal instead'); END;

CREATE TABLE coupons (
  code TEXT PRIMARY KEY CHECK (code = upper(trim(code)) AND length(code) BETWEEN 1 AND 64),
  credits INTEGER NOT NULL CHECK (credits > 0 AND credits <= 100000000),
  expires_at INTEGER,
  max_redemptions INTEGER CHECK (max_redemptions IS NULL OR max_redemptions > 0),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE coupon_redemptions (
  code TEXT NOT NULL REFERENCES coupons(code),
  account TEXT NOT NULL DEFAULT 'default',
  ledger_entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
  at INTEGER NOT NULL,
  PRIMARY KEY (code, account)
) STRICT;

CREATE TRIGGER coupon_max_redemptions BEFORE INSERT ON coupon_redemptions
WHEN (SELECT max_redemptions FROM coupons WHERE code = NEW.code) IS NOT NULL
 AND (SELECT count(*) FROM coupon_redemptions WHERE code = NEW.code) >= (SELECT max_redemptions FROM coupons WHERE code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'coupon has reached its maximum redemptions'); END;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
`,
};
