import type { PgMigration } from '../migrate.js';

/**
 * SQLite's 011 per org: a purchase's client request key (payments/purchase
 * `requestKey`), unique per org where set, so a purchase sent again after a
 * lost answer — to any server process — finds its payment instead of paying again.
 */
export const pgMigration012: PgMigration = {
  version: 12,
  name: 'payment-request-key',
  sql: `
ALTER TABLE payments ADD COLUMN request_key TEXT CHECK (request_key IS NULL OR length(request_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX payments_by_request_key ON payments (org_id, request_key) WHERE request_key IS NOT NULL;
`,
};
