import type { PgMigration } from '../migrate.js';

/**
 * Orgs, and the org scope every row-level-security policy reads: the setting
 * `burnrate.org_id`, set per transaction (SyncConnection.transaction's orgId).
 * Unset, burnrate_org() is NULL and every policy matches nothing. The orgs
 * table itself is the registry the scheduler walks (ids and names only); what
 * an org owns lives in tables with an org_id column under a policy.
 */
export const pgMigration001: PgMigration = {
  version: 1,
  name: 'orgs',
  sql: `
CREATE FUNCTION burnrate_org() RETURNS BIGINT LANGUAGE sql STABLE
AS $$ SELECT NULLIF(current_setting('burnrate.org_id', true), '')::BIGINT $$;

-- TEXT holding JSON, as in the SQLite schema, so both stores hand the engine the same strings.
CREATE FUNCTION burnrate_json_valid(t TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE
AS $$ BEGIN PERFORM t::jsonb; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$;

CREATE TABLE orgs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  created_at BIGINT NOT NULL
);
`,
};
