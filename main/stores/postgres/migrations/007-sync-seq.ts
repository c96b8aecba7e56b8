import type { PgMigration } from '../migrate.js';

// Written out here, not imported: an applied step's SQL must never change (core/team/sync-page.ts names the same tables).
const SYNCED_TABLES = ['ledger_entries', 'deployments', 'alerts'] as const;

const backfill = SYNCED_TABLES.map(
  (t) => `
    UPDATE ${t} SET sync_seq = n.base + n.rn FROM (
      SELECT id, row_number() OVER (ORDER BY ${t === 'ledger_entries' ? 'seq' : 'id'}) AS rn,
        (SELECT last_sync_seq FROM ledger_accounts WHERE org_id = o.id) AS base
      FROM ${t} WHERE org_id = o.id) n WHERE ${t}.id = n.id;
    UPDATE ledger_accounts SET last_sync_seq = coalesce((SELECT max(sync_seq) FROM ${t} WHERE org_id = o.id), last_sync_seq) WHERE org_id = o.id;`,
).join('');

/**
 * The org's sync cursor: every row of a synced table carries `sync_seq`, the
 * org's change counter at its last insert or update, taken from the org's
 * `ledger_accounts` row (`last_sync_seq`) by a BEFORE trigger. Taking it
 * there locks that row until COMMIT — the same lock every writer of the org
 * already holds (the store's write lock) — so an org's writers commit in
 * sync_seq order: once a reader sees a row at seq n, every row at a smaller
 * seq is committed too, and a client reading "after n" in one snapshot skips
 * nothing. Rows that existed before this step are numbered per org (ledger by
 * its chain position, then deployments, then alerts).
 */
export const pgMigration007: PgMigration = {
  version: 7,
  name: 'sync-seq',
  sql: `
ALTER TABLE ledger_accounts ADD COLUMN last_sync_seq BIGINT NOT NULL DEFAULT 0 CHECK (last_sync_seq >= 0);
${SYNCED_TABLES.map((t) => `ALTER TABLE ${t} ADD COLUMN sync_seq BIGINT;`).join('\n')}

-- Number the rows already there, org by org (row-level security shows one org at a time).
ALTER TABLE ledger_entries DISABLE TRIGGER ledger_append_only;
ALTER TABLE ledger_accounts DISABLE TRIGGER ledger_accounts_guard;
DO $$
DECLARE o RECORD;
BEGIN
  FOR o IN SELECT id FROM orgs ORDER BY id LOOP
    PERFORM set_config('burnrate.org_id', o.id::text, true);
    INSERT INTO ledger_accounts (org_id) VALUES (o.id) ON CONFLICT (org_id) DO NOTHING;
    ${backfill}
  END LOOP;
  PERFORM set_config('burnrate.org_id', '', true);
END $$;
ALTER TABLE ledger_entries ENABLE TRIGGER ledger_append_only;
ALTER TABLE ledger_accounts ENABLE TRIGGER ledger_accounts_guard;

-- The next position of the org's change counter, under the org's ledger account row lock (held to COMMIT).
CREATE FUNCTION burnrate_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_accounts (org_id) VALUES (NEW.org_id) ON CONFLICT (org_id) DO NOTHING;
  UPDATE ledger_accounts SET last_sync_seq = last_sync_seq + 1 WHERE org_id = NEW.org_id RETURNING last_sync_seq INTO NEW.sync_seq;
  IF NEW.sync_seq IS NULL THEN
    RAISE EXCEPTION 'no ledger account for org %', NEW.org_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
${SYNCED_TABLES.map(
  (t) => `ALTER TABLE ${t} ALTER COLUMN sync_seq SET NOT NULL;
CREATE UNIQUE INDEX ${t}_sync_seq ON ${t} (org_id, sync_seq);
CREATE TRIGGER ${t}_sync_stamp BEFORE INSERT OR UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION burnrate_sync_stamp();`,
).join('\n')}
`,
};
