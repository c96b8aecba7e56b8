import type { Migration } from '../migrate.js';
import { migration001 } from './001-ledger-deployments.js';
import { migration002 } from './002-payments.js';
import { migration003 } from './003-schedules-usage.js';
import { migration004 } from './004-alerts.js';
import { migration005 } from './005-charge-rollup.js';
import { migration006 } from './006-refill-in-flight-per-backend.js';
import { migration007 } from './007-deployment-control.js';
import { migration008 } from './008-idle-pause.js';
import { migration009 } from './009-alert-resolution.js';
import { migration010 } from './010-auto-refill-table.js';
import { migration011 } from './011-payment-request-key.js';

/** Every engine migration, in order. Append only; never edit an applied one. */
export const ENGINE_MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
];
