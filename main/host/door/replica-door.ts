import type { Channel } from '../../../preload/contract.js';
import { RefusedError } from '../../core/errors.js';
import { invoke } from '../handlers/dispatch.js';
import type { HandlerContext, HandlerTable } from '../handlers/handler-types.js';
import type { Door } from './door.js';

/**
 * The channels the synced replica can answer: reads of what it holds (the
 * ledger, deployments, alerts, prices, schedules, settings, payments and
 * their receipts, saved cards, auto-refill, usage counts and metrics URLs) and the figures
 * computed from them. Anything else changes the org, or asks the server or
 * Stripe, so it needs the server.
 */
export const REPLICA_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'snapshot/get',
  'billing/status',
  'ledger/balance',
  'ledger/page',
  'ledger/list',
  'deployments/list',
  'deployments/get',
  'catalog/tiers',
  'insights/analysis',
  'insights/suggestions',
  'schedules/list',
  'alerts/list',
  'settings/get',
  // Payments as the server last recorded them (the replica has no payments backend: replica-services.ts).
  'payments/packs',
  'payments/cards',
  'payments/getAutoRefill',
  'payments/refillPreview',
  'payments/receipt',
  'payments/getAccount',
  'usage/targets',
  // Writes a file from the replica's ledger (the CLI's export in client mode), nothing in the org.
  'reports/export',
]);

/**
 * The CLI's door with `--offline` in client mode: the handler table on the
 * replica's read-only services (replica-services.ts), for the channels the
 * replica can answer; any other is refused (`offline`, exit 2) before it runs.
 */
export function replicaDoor(table: HandlerTable, ctx: HandlerContext): Door {
  return {
    call(channel, input) {
      if (!REPLICA_CHANNELS.has(channel))
        return Promise.reject(
          new RefusedError('offline', `${channel} needs the team server, and --offline works from the synced replica only: run it without --offline`),
        );
      return invoke(table, ctx, channel, input);
    },
  };
}
