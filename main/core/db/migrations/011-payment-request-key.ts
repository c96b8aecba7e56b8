import type { Migration } from '../migrate.js';

/**
 * A purchase may carry the client's own request key (payments/purchase
 * `requestKey`): a client that lost a purchase's answer (its connection cut,
 * the server killed) sends it again with the same key and gets the same
 * payment — resumed under its own Stripe idempotency key — never a second one.
 * Unique where set.
 */
export const migration011: Migration = {
  version: 11,
  name: 'payment-request-key',
  sql: `
ALTER TABLE payments ADD COLUMN request_key TEXT CHECK (request_key IS NULL OR length(request_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX payments_by_request_key ON payments (request_key) WHERE request_key IS NOT NULL;
`,
};
