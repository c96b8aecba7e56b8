import type { PgMigration } from '../migrate.js';

/**
 * Tells every server process when an org's change counter moves, so their
 * event streams (`GET /api/events`) follow changes made by any process. The
 * stamp trigger of migration 007 now also sends `pg_notify` on the
 * `burnrate_org_changed` channel with `{"orgId":…,"seq":…}`: a notification
 * is part of its transaction, delivered only on COMMIT (never for a
 * rollback) and in commit order, which for one org is seq order (the stamp
 * holds the org's lock to COMMIT). The function otherwise stays 007's.
 *
 * `burnrate_org_seq(org)` reads one org's counter in one statement (its
 * scope is set for the statement's own transaction, as in 006's token lookup),
 * so a stream's first event and a listener's catch-up cost one round trip.
 */
export const pgMigration010: PgMigration = {
  version: 10,
  name: 'org-change-notify',
  sql: `
CREATE OR REPLACE FUNCTION burnrate_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_accounts (org_id) VALUES (NEW.org_id) ON CONFLICT (org_id) DO NOTHING;
  UPDATE ledger_accounts SET last_sync_seq = last_sync_seq + 1 WHERE org_id = NEW.org_id RETURNING last_sync_seq INTO NEW.sync_seq;
  IF NEW.sync_seq IS NULL THEN
    RAISE EXCEPTION 'no ledger account for org %', NEW.org_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_notify('burnrate_org_changed', json_build_object('orgId', NEW.org_id, 'seq', NEW.sync_seq)::text);
  RETURN NEW;
END $$;

CREATE FUNCTION burnrate_org_seq(org BIGINT) RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  seq BIGINT;
BEGIN
  PERFORM set_config('burnrate.org_id', org::TEXT, true);
  SELECT a.last_sync_seq INTO seq FROM ledger_accounts a WHERE a.org_id = org;
  RETURN coalesce(seq, 0);
END $$;
`,
};
