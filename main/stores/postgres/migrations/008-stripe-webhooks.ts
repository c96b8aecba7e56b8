import type { PgMigration } from '../migrate.js';

/**
 * Stripe webhooks on the team server. One Stripe account serves every org, so
 * a delivered event must find its org: `stripe_object_orgs` maps each org's
 * Stripe customer and payment intents to it, kept by triggers on the rows
 * that record them (whatever code path writes them, the map follows). It is
 * under row-level security (an org writes only its own ids) with one
 * read-only door, as member_tokens has: it holds only Stripe ids, and it is
 * what routes an event before any org is known. `stripe_webhook_inbox`
 * keeps each verified event once (its id is the key: a repeated delivery
 * changes nothing) until it has been applied to its org.
 */
export const pgMigration008: PgMigration = {
  version: 8,
  name: 'stripe-webhooks',
  sql: `
CREATE TABLE stripe_object_orgs (
  object_id TEXT PRIMARY KEY CHECK (object_id ~ '^(cus|pi)_[A-Za-z0-9_]+$'),
  org_id BIGINT NOT NULL REFERENCES orgs(id)
);
ALTER TABLE stripe_object_orgs ENABLE ROW LEVEL SECURITY;
ALTER TABLE stripe_object_orgs FORCE ROW LEVEL SECURITY;
-- An org writes (and reads) only its own ids ...
CREATE POLICY stripe_object_orgs_org ON stripe_object_orgs USING (org_id = burnrate_org()) WITH CHECK (org_id = burnrate_org());
-- ... and a deliberate read-only door routes a delivery before any org is known: Stripe ids to org ids, nothing more.
CREATE POLICY stripe_object_orgs_route ON stripe_object_orgs FOR SELECT USING (true);

CREATE FUNCTION burnrate_note_stripe_customer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  customer TEXT;
BEGIN
  IF NEW.key = 'payments.customerId' THEN
    customer := NEW.value::json #>> '{}';
    IF customer IS NOT NULL AND customer ~ '^cus_[A-Za-z0-9_]+$' THEN
      INSERT INTO stripe_object_orgs (object_id, org_id) VALUES (customer, NEW.org_id) ON CONFLICT (object_id) DO NOTHING;
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER settings_note_stripe_customer AFTER INSERT OR UPDATE ON settings
FOR EACH ROW EXECUTE FUNCTION burnrate_note_stripe_customer();

CREATE FUNCTION burnrate_note_payment_intent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.payment_intent IS NOT NULL AND NEW.payment_intent ~ '^pi_[A-Za-z0-9_]+$' THEN
    INSERT INTO stripe_object_orgs (object_id, org_id) VALUES (NEW.payment_intent, NEW.org_id) ON CONFLICT (object_id) DO NOTHING;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_note_payment_intent AFTER INSERT OR UPDATE OF payment_intent ON payments
FOR EACH ROW EXECUTE FUNCTION burnrate_note_payment_intent();

CREATE TABLE stripe_webhook_inbox (
  event_id TEXT PRIMARY KEY CHECK (event_id ~ '^evt_[A-Za-z0-9_]+$'),
  type TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
  payload JSONB NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Stripe's delivery belongs to the server, not to an org (no org_id, so no org policy): this is where it was routed.
  routed_to_org BIGINT REFERENCES orgs(id),
  applied_at TIMESTAMPTZ,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT
);
CREATE INDEX stripe_webhook_inbox_unapplied ON stripe_webhook_inbox (received_at) WHERE applied_at IS NULL;
`,
};
