import type { PgMigration } from '../migrate.js';

// Written out here, not imported: an applied step's SQL must never change (core/team/sync-page.ts names the same tables).
/** The tables that join the change cursor, each with the order its existing rows are numbered in. */
const STAMPED: Record<string, string> = {
  payments: 'id',
  payment_refunds: 'at, id',
  usage_hours: 'hour_start, deployment_id',
};
/**
 * Small tables sent whole on a pull's last page whose changes (deletes too)
 * move the org's counter. Auto-refill's one row is made with its defaults when
 * a store first opens on an org (open-pg-store.ts): that is no change to
 * announce, so only its updates count.
 */
const TOUCHED: Record<string, string> = {
  payment_cards: 'INSERT OR UPDATE OR DELETE',
  auto_refill: 'UPDATE OR DELETE',
};

const backfill = Object.entries(STAMPED)
  .map(
    ([t, order]) => `
    UPDATE ${t} SET sync_seq = n.base + n.rn FROM (
      SELECT ctid AS rid, row_number() OVER (ORDER BY ${order}) AS rn,
        (SELECT last_sync_seq FROM ledger_accounts WHERE org_id = o.id) AS base
      FROM ${t} WHERE org_id = o.id) n WHERE ${t}.ctid = n.rid;
    UPDATE ledger_accounts SET last_sync_seq = coalesce((SELECT max(sync_seq) FROM ${t} WHERE org_id = o.id), last_sync_seq) WHERE org_id = o.id;`,
  )
  .join('');

/**
 * Payments, refunds, saved cards, auto-refill and usage counts join the synced
 * replica (docs/server.md, "The synced replica"), so a client reads them
 * offline. `payments`, `payment_refunds` and `usage_hours` take `sync_seq`
 * from the stamp trigger of 007/010 (the org's counter, under its lock, with
 * the org's change notification), and are pulled by cursor like the ledger;
 * their rows already there are numbered per org above the org's head, so a
 * replica pulled before this step fetches them on its next pull. Saved cards
 * and auto-refill's one row stay small tables sent whole on a pull's last
 * page (a removed card is simply absent), but each change to them — a delete
 * included; auto-refill's first, default row excepted — now moves the org's
 * counter too (`burnrate_org_touch`), so an
 * event-stream follower hears of it and its next pull is not an empty one.
 */
export const pgMigration011: PgMigration = {
  version: 11,
  name: 'sync-payments-usage',
  sql: `
${Object.keys(STAMPED)
  .map((t) => `ALTER TABLE ${t} ADD COLUMN sync_seq BIGINT;`)
  .join('\n')}

-- Number the rows already there, org by org (row-level security shows one org at a time).
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
ALTER TABLE ledger_accounts ENABLE TRIGGER ledger_accounts_guard;

${Object.keys(STAMPED)
  .map(
    (t) => `ALTER TABLE ${t} ALTER COLUMN sync_seq SET NOT NULL;
CREATE UNIQUE INDEX ${t}_sync_seq ON ${t} (org_id, sync_seq);
CREATE TRIGGER ${t}_sync_stamp BEFORE INSERT OR UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION burnrate_sync_stamp();`,
  )
  .join('\n')}

-- A change to a table sent whole: the org's next change number, under the same lock, and the same notification.
CREATE FUNCTION burnrate_org_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org BIGINT;
  seq BIGINT;
BEGIN
  IF TG_OP = 'DELETE' THEN
    org := OLD.org_id;
  ELSE
    org := NEW.org_id;
  END IF;
  INSERT INTO ledger_accounts (org_id) VALUES (org) ON CONFLICT (org_id) DO NOTHING;
  UPDATE ledger_accounts SET last_sync_seq = last_sync_seq + 1 WHERE org_id = org RETURNING last_sync_seq INTO seq;
  IF seq IS NULL THEN
    RAISE EXCEPTION 'no ledger account for org %', org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_notify('burnrate_org_changed', json_build_object('orgId', org, 'seq', seq)::text);
  RETURN NULL;
END $$;
${Object.entries(TOUCHED)
  .map(([t, events]) => `CREATE TRIGGER ${t}_org_touch AFTER ${events} ON ${t} FOR EACH ROW EXECUTE FUNCTION burnrate_org_touch();`)
  .join('\n')}
`,
};
