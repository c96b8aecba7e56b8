import type { PgMigration } from '../migrate.js';
import { pgMigration001 } from './001-orgs.js';
import { pgMigration002 } from './002-ledger-deployments.js';
import { pgMigration003 } from './003-members.js';
import { pgMigration004 } from './004-engine-tables.js';
import { pgMigration005 } from './005-scheduler-leases.js';
import { pgMigration006 } from './006-token-lookup.js';
import { pgMigration007 } from './007-sync-seq.js';
import { pgMigration008 } from './008-stripe-webhooks.js';
import { pgMigration009 } from './009-payment-credits.js';
import { pgMigration010 } from './010-org-change-notify.js';
import { pgMigration011 } from './011-sync-payments-usage.js';
import { pgMigration012 } from './012-payment-request-key.js';

/** Every server (PostgreSQL) migration, in order. Append only; never edit an applied one. */
export const SERVER_MIGRATIONS: readonly PgMigration[] = [
  pgMigration001,
  pgMigration002,
  pgMigration003,
  pgMigration004,
  pgMigration005,
  pgMigration006,
  pgMigration007,
  pgMigration008,
  pgMigration009,
  pgMigration010,
  pgMigration011,
  pgMigration012,
];
