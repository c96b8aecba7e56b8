import type { PgMigration } from '../migrate.js';

/**
 * A request's token, its member and its org in one statement (one round trip
 * instead of six: BEGIN, two scopes, two reads, COMMIT). The function names
 * the hash first — the only token row the by-hash policy then shows — and
 * then the token's org, so the member and org rows are read under the org
 * policy as before: row-level security still decides what it can see. Both
 * settings are transaction-local, so they end with the statement's implicit
 * transaction. Nothing is cached: a revocation committed by any process stops
 * the token on the next request everywhere.
 */
export const pgMigration006: PgMigration = {
  version: 6,
  name: 'token-lookup',
  sql: `
CREATE FUNCTION burnrate_token_owner(hash TEXT)
RETURNS TABLE (org_id BIGINT, org_name TEXT, member_id BIGINT, email TEXT, role TEXT)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  token_org BIGINT;
BEGIN
  PERFORM set_config('burnrate.token_hash', hash, true);
  SELECT t.org_id INTO token_org FROM member_tokens t WHERE t.token_hash = hash AND t.revoked_at IS NULL;
  IF token_org IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('burnrate.org_id', token_org::TEXT, true);
  RETURN QUERY
    SELECT m.org_id, o.name, m.id, m.email, m.role
    FROM member_tokens t
    JOIN members m ON m.org_id = t.org_id AND m.id = t.member_id AND m.removed_at IS NULL
    JOIN orgs o ON o.id = m.org_id
    WHERE t.token_hash = hash AND t.revoked_at IS NULL AND t.org_id = token_org;
END $$;
`,
};
