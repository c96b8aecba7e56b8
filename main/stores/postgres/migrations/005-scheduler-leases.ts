import type { PgMigration } from '../migrate.js';

/**
 * The scheduler's lease per org: which server process settles the org's due
 * hours now, and until when. A process takes or renews the lease in a short
 * transaction (an upsert that succeeds only when the lease is free, expired or
 * already its own); expiry is PostgreSQL's clock, so processes on machines
 * whose clocks differ agree on it. A crashed holder's lease lapses by itself.
 */
export const pgMigration005: PgMigration = {
  version: 5,
  name: 'scheduler-leases',
  sql: `
CREATE TABLE scheduler_leases (
  org_id BIGINT PRIMARY KEY DEFAULT burnrate_org() REFERENCES orgs(id),
  holder TEXT NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
  expires_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE scheduler_leases ENABLE ROW LEVEL SECURITY;
ALTER TABLE scheduler_leases FORCE ROW LEVEL SECURITY;
CREATE POLICY scheduler_leases_org ON scheduler_leases USING (org_id = burnrate_org()) WITH CHECK (org_id = burnrate_org());
`,
};
