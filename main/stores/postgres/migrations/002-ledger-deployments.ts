import type { PgMigration } from '../migrate.js';

/** Row-level security on an org-owned table: rows of the transaction's org only, for reads and writes. */
function orgPolicy(table: string): string {
  return `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY ${table}_org ON ${table} USING (org_id = burnrate_org()) WITH CHECK (org_id = burnrate_org());`;
}

/**
 * The ledger core of the SQLite schema (its migration 001, with the `idle`
 * reason of 008), per org: the catalog, deployments and their events, the
 * ledger, coupons and settings. Every rule the database can hold is held here,
 * as in SQLite, plus what many processes on one database need:
 * - every org-owned row has org_id (defaulting to the transaction's org), is
 *   under a FORCE'd row-level-security policy, and references only rows of
 *   its own org (composite foreign keys on (org_id, id));
 * - the balance chain is kept pgledger-style: one ledger_accounts row per org
 *   holds the balance and the entry count; appending an entry locks it
 *   (FOR UPDATE), so concurrent writers to one org queue up, and each entry
 *   records balance_before, balance_after and its position seq (UNIQUE per
 *   org): a fork of the chain cannot be stored.
 */
export const pgMigration002: PgMigration = {
  version: 2,
  name: 'ledger-deployments',
  sql: `
CREATE TABLE instance_tiers (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  code TEXT NOT NULL CHECK (code ~ '^[A-Z]' AND length(code) BETWEEN 1 AND 8),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  memory_gb INTEGER NOT NULL CHECK (memory_gb > 0),
  PRIMARY KEY (org_id, code)
);

-- Price history: a charge uses the price in force when its hour fell due.
CREATE TABLE instance_tier_prices (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  code TEXT NOT NULL,
  effective_from BIGINT NOT NULL,
  credits_per_hour BIGINT NOT NULL CHECK (credits_per_hour > 0 AND credits_per_hour <= 10000000),
  PRIMARY KEY (org_id, code, effective_from),
  FOREIGN KEY (org_id, code) REFERENCES instance_tiers (org_id, code)
);

CREATE TABLE deployments (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  name TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  model TEXT NOT NULL CHECK (length(btrim(model)) BETWEEN 1 AND 100),
  params_b DOUBLE PRECISION NOT NULL CHECK (params_b > 0 AND params_b <= 100000),
  precision TEXT NOT NULL CHECK (precision IN ('fp16', 'bf16', 'awq', 'int4', 'int8')),
  tier TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'running', 'paused', 'stopped')),
  paused_reason TEXT CHECK (paused_reason IN ('user', 'schedule', 'insufficient_credits', 'idle')),
  -- While running: when the next hour falls due. NULL otherwise.
  next_charge_at BIGINT,
  -- End of the last paid hour: resuming before it charges nothing until then.
  paid_until BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, id),
  FOREIGN KEY (org_id, tier) REFERENCES instance_tiers (org_id, code),
  CHECK ((state = 'running') = (next_charge_at IS NOT NULL)),
  CHECK ((state = 'paused') = (paused_reason IS NOT NULL))
);
CREATE INDEX deployments_next_charge ON deployments (org_id, next_charge_at) WHERE state = 'running';

CREATE FUNCTION burnrate_deployment_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'stopped' THEN
    RAISE EXCEPTION 'a stopped deployment cannot change state' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.state <> NEW.state AND NOT (
       (OLD.state = 'created' AND NEW.state IN ('running', 'stopped'))
    OR (OLD.state = 'running' AND NEW.state IN ('paused', 'stopped'))
    OR (OLD.state = 'paused'  AND NEW.state IN ('running', 'stopped'))) THEN
    RAISE EXCEPTION 'invalid deployment state transition' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deployments_valid_transition BEFORE UPDATE OF state ON deployments
FOR EACH ROW EXECUTE FUNCTION burnrate_deployment_transition();

CREATE FUNCTION burnrate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only: record a reversal instead', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TABLE deployment_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  deployment_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('user', 'schedule', 'insufficient_credits', 'credits_added', 'idle')),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id)
);
CREATE INDEX deployment_events_by_deployment ON deployment_events (org_id, deployment_id, id);
CREATE TRIGGER deployment_events_append_only BEFORE UPDATE OR DELETE ON deployment_events
FOR EACH ROW EXECUTE FUNCTION burnrate_append_only();
CREATE TRIGGER deployment_events_no_truncate BEFORE TRUNCATE ON deployment_events
FOR EACH STATEMENT EXECUTE FUNCTION burnrate_append_only();

-- The head of each org's chain: its balance and how many entries it has.
-- Written only by the ledger's insert trigger; locked by every append.
CREATE TABLE ledger_accounts (
  org_id BIGINT PRIMARY KEY DEFAULT burnrate_org() REFERENCES orgs(id),
  balance BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
  last_seq BIGINT NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_entry_id BIGINT
);

CREATE FUNCTION burnrate_ledger_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Depth 1 is a statement on the table itself; the ledger trigger's update is depth 2.
  IF TG_OP = 'DELETE' OR pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger accounts change only by appending ledger entries' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE OR DELETE ON ledger_accounts
FOR EACH ROW EXECUTE FUNCTION burnrate_ledger_account_guard();

CREATE TABLE ledger_entries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  -- Position in the org's chain (1, 2, 3 …): also the sync cursor of the org's ledger.
  seq BIGINT NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'refill', 'coupon', 'charge', 'refund', 'reversal', 'adjustment')),
  credits BIGINT NOT NULL,
  balance_before BIGINT NOT NULL CHECK (balance_before >= 0),
  balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
  idempotency_key TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  reference TEXT,
  deployment_id BIGINT,
  hour_start BIGINT,
  at BIGINT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  UNIQUE (org_id, id),
  UNIQUE (org_id, seq),
  UNIQUE (org_id, idempotency_key),
  FOREIGN KEY (org_id) REFERENCES ledger_accounts (org_id),
  FOREIGN KEY (org_id, deployment_id) REFERENCES deployments (org_id, id),
  CHECK (balance_after = balance_before + credits),
  CHECK (kind NOT IN ('purchase', 'refill', 'coupon') OR credits > 0),
  CHECK (kind NOT IN ('charge', 'refund') OR credits < 0),
  CHECK (kind <> 'charge' OR (deployment_id IS NOT NULL AND hour_start IS NOT NULL)),
  CHECK (kind = 'charge' OR hour_start IS NULL),
  CHECK (credits <> 0)
);

-- A (deployment, hour start) pair is charged at most once.
CREATE UNIQUE INDEX ledger_one_charge_per_hour ON ledger_entries (org_id, deployment_id, hour_start) WHERE kind = 'charge';
CREATE INDEX ledger_kind_at ON ledger_entries (org_id, kind, at);
CREATE INDEX ledger_at ON ledger_entries (org_id, at);
CREATE INDEX ledger_reference ON ledger_entries (org_id, reference) WHERE reference IS NOT NULL;

-- Each entry continues its org's chain: balance_before is the account's balance,
-- balance_after = balance_before + credits, seq the next position. Callers may
-- leave balance_before and seq out (filled here) but not get them wrong.
CREATE FUNCTION burnrate_ledger_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acc ledger_accounts%ROWTYPE;
BEGIN
  INSERT INTO ledger_accounts (org_id) VALUES (NEW.org_id) ON CONFLICT (org_id) DO NOTHING;
  SELECT * INTO acc FROM ledger_accounts WHERE org_id = NEW.org_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no ledger account for org %', NEW.org_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.balance_before IS NULL THEN
    NEW.balance_before := acc.balance;
  ELSIF NEW.balance_before <> acc.balance THEN
    RAISE EXCEPTION 'balance_before % is not the previous balance %', NEW.balance_before, acc.balance USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.balance_after IS DISTINCT FROM acc.balance + NEW.credits THEN
    RAISE EXCEPTION 'balance_after must equal the previous balance plus credits' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.seq IS NULL THEN
    NEW.seq := acc.last_seq + 1;
  ELSIF NEW.seq <> acc.last_seq + 1 THEN
    RAISE EXCEPTION 'seq % does not follow the last entry %', NEW.seq, acc.last_seq USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.balance_after < 0 THEN
    RAISE EXCEPTION 'balance_after cannot be negative' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE ledger_accounts SET balance = NEW.balance_after, last_seq = NEW.seq, last_entry_id = NEW.id WHERE org_id = NEW.org_id;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_balance_chain BEFORE INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION burnrate_ledger_chain();
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION burnrate_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger_entries
FOR EACH STATEMENT EXECUTE FUNCTION burnrate_append_only();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
FOR EACH STATEMENT EXECUTE FUNCTION burnrate_append_only();

CREATE TABLE coupons (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  code TEXT NOT NULL CHECK (code = upper(btrim(code)) AND length(code) BETWEEN 1 AND 64),
  credits BIGINT NOT NULL CHECK (credits > 0 AND credits <= 100000000),
  expires_at BIGINT,
  max_redemptions INTEGER CHECK (max_redemptions IS NULL OR max_redemptions > 0),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, code)
);

CREATE TABLE coupon_redemptions (
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  code TEXT NOT NULL,
  account TEXT NOT NULL DEFAULT 'default',
  ledger_entry_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (org_id, code, account),
  FOREIGN KEY (org_id, code) REFERENCES coupons (org_id, code),
  FOREIGN KEY (org_id, ledger_entry_id) REFERENCES ledger_entries (org_id, id)
);

-- The coupon row is locked first, so two concurrent redemptions count one after the other.
CREATE FUNCTION burnrate_coupon_max_redemptions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap INTEGER;
BEGIN
  SELECT max_redemptions INTO cap FROM coupons WHERE org_id = NEW.org_id AND code = NEW.code FOR UPDATE;
  IF cap IS NOT NULL AND (SELECT count(*) FROM coupon_redemptions WHERE org_id = NEW.org_id AND code = NEW.code) >= cap THEN
    RAISE EXCEPTION 'coupon has reached its maximum redemptions' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER coupon_max_redemptions BEFORE INSERT ON coupon_redemptions
FOR EACH ROW EXECUTE FUNCTION burnrate_coupon_max_redemptions();

CREATE TABLE settings (
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL CHECK (burnrate_json_valid(value)),
  PRIMARY KEY (org_id, key)
);

${['instance_tiers', 'instance_tier_prices', 'deployments', 'deployment_events', 'ledger_accounts', 'ledger_entries', 'coupons', 'coupon_redemptions', 'settings'].map(orgPolicy).join('\n')}
`,
};
