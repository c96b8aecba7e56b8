import type { PgMigration } from '../migrate.js';

/**
 * The team server's people: members of an org (email, role) and their tokens
 * (only a SHA-256 of each, never the token). Rows are never deleted: removing a
 * member sets removed_at and revokes every token of theirs (revoked_at), so
 * who could do what, when, stays on record. Both tables are under the org
 * policy like every org-owned table, plus one read-only policy that lets a
 * request find its own token before it knows its org: a token row is visible
 * when the transaction names its hash (burnrate.token_hash), which only the
 * holder of the token can compute.
 */
export const pgMigration003: PgMigration = {
  version: 3,
  name: 'members',
  sql: `
CREATE FUNCTION burnrate_token_hash() RETURNS TEXT LANGUAGE sql STABLE
AS $$ SELECT NULLIF(current_setting('burnrate.token_hash', true), '') $$;

CREATE TABLE members (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org() REFERENCES orgs(id),
  email TEXT NOT NULL CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
  role TEXT NOT NULL CHECK (role IN ('viewer', 'lead', 'admin')),
  added_at BIGINT NOT NULL,
  removed_at BIGINT,
  UNIQUE (org_id, id)
);
-- One current member per email in an org; a removed one may be added again.
CREATE UNIQUE INDEX members_one_per_email ON members (org_id, email) WHERE removed_at IS NULL;

CREATE TABLE member_tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id BIGINT NOT NULL DEFAULT burnrate_org(),
  member_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  FOREIGN KEY (org_id, member_id) REFERENCES members (org_id, id)
);
CREATE INDEX member_tokens_by_member ON member_tokens (org_id, member_id);

-- Members and tokens change only by removal and revocation, once: nothing else is ever rewritten or deleted.
CREATE FUNCTION burnrate_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% rows are never deleted: remove or revoke instead', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_TABLE_NAME = 'members' THEN
    IF OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL
       OR (NEW.id, NEW.org_id, NEW.email, NEW.role, NEW.added_at) IS DISTINCT FROM (OLD.id, OLD.org_id, OLD.email, OLD.role, OLD.added_at) THEN
      RAISE EXCEPTION 'a member changes only by being removed, once' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSIF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
     OR (NEW.id, NEW.org_id, NEW.member_id, NEW.token_hash, NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.org_id, OLD.member_id, OLD.token_hash, OLD.created_at) THEN
    RAISE EXCEPTION 'a token changes only by being revoked, once' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER members_change BEFORE UPDATE OR DELETE ON members FOR EACH ROW EXECUTE FUNCTION burnrate_member_change();
CREATE TRIGGER member_tokens_change BEFORE UPDATE OR DELETE ON member_tokens FOR EACH ROW EXECUTE FUNCTION burnrate_member_change();
CREATE TRIGGER members_no_truncate BEFORE TRUNCATE ON members FOR EACH STATEMENT EXECUTE FUNCTION burnrate_append_only();
CREATE TRIGGER member_tokens_no_truncate BEFORE TRUNCATE ON member_tokens FOR EACH STATEMENT EXECUTE FUNCTION burnrate_append_only();

ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE members FORCE ROW LEVEL SECURITY;
CREATE POLICY members_org ON members USING (org_id = burnrate_org()) WITH CHECK (org_id = burnrate_org());
ALTER TABLE member_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY member_tokens_org ON member_tokens USING (org_id = burnrate_org()) WITH CHECK (org_id = burnrate_org());
CREATE POLICY member_tokens_by_hash ON member_tokens FOR SELECT USING (token_hash = burnrate_token_hash());
`,
};
