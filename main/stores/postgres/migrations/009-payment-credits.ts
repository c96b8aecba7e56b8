import type { PgMigration } from '../migrate.js';

/**
 * One credit per payment, held by the database. 004 gave payments the SQLite
 * schema's rules (unique idempotency key, PaymentIntent and Checkout session
 * per org; CHECKs on kind, credits, status; succeeded exactly when a ledger
 * entry is linked; one refill in flight per backend), and the ledger's unique
 * `payment:<PaymentIntent>` key credits an intent once. On a server several
 * processes record payments for one org, so the link itself is checked too:
 * - a ledger entry credits at most one payment (and one refund debits once);
 * - a payment's entry is the credit of its own PaymentIntent — a purchase or
 *   refill keyed `payment:<its intent>` — so no payment can point at another
 *   payment's credit, a coupon or a charge;
 * - once linked, the link (and the payment's intent) never changes.
 */
export const pgMigration009: PgMigration = {
  version: 9,
  name: 'payment-credits',
  sql: `
CREATE UNIQUE INDEX payments_one_payment_per_entry ON payments (org_id, ledger_entry_id) WHERE ledger_entry_id IS NOT NULL;
CREATE UNIQUE INDEX payment_refunds_one_refund_per_entry ON payment_refunds (org_id, ledger_entry_id) WHERE ledger_entry_id IS NOT NULL;

CREATE FUNCTION burnrate_payment_credit_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry RECORD;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.ledger_entry_id IS NOT NULL AND NEW.ledger_entry_id IS DISTINCT FROM OLD.ledger_entry_id THEN
    RAISE EXCEPTION 'a credited payment keeps its ledger entry' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.ledger_entry_id IS NOT NULL AND NEW.payment_intent IS DISTINCT FROM OLD.payment_intent THEN
    RAISE EXCEPTION 'a credited payment keeps its PaymentIntent' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.ledger_entry_id IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.ledger_entry_id IS NULL) THEN
    SELECT kind, idempotency_key INTO entry FROM ledger_entries WHERE org_id = NEW.org_id AND id = NEW.ledger_entry_id;
    IF entry.kind IS NULL OR entry.kind NOT IN ('purchase', 'refill') OR NEW.payment_intent IS NULL
       OR entry.idempotency_key <> 'payment:' || NEW.payment_intent THEN
      RAISE EXCEPTION 'a payment is credited by its own PaymentIntent''s purchase or refill entry' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_credit_check BEFORE INSERT OR UPDATE OF ledger_entry_id, payment_intent ON payments
FOR EACH ROW EXECUTE FUNCTION burnrate_payment_credit_check();
`,
};
