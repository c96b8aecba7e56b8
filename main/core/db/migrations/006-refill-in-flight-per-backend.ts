import type { Migration } from '../migrate.js';

/**
 * One refill in flight per payments backend, not per ledger: a refill left
 * pending on a Stripe account the app no longer talks to (a sandbox file set
 * aside, another key) can only be resolved there, so it must not hold every
 * refill on the account in use. The backend a payment was sent to is in its
 * request (null: sent before backends were told apart).
 */
export const migration006: Migration = {
  version: 6,
  name: 'refill-in-flight-per-backend',
  sql: `
DROP INDEX payments_one_refill_in_flight;
CREATE UNIQUE INDEX payments_one_refill_in_flight ON payments (ifnull(json_extract(request, '$.backend'), ''))
  WHERE kind = 'refill' AND status = 'pending';
`,
};
