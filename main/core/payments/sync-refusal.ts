import { RefusedError } from '../errors.js';
import { GatewayError } from './gateway.js';

/**
 * What a failed sync says: Stripe (or the sandbox) unreachable or refusing the
 * request is a refusal with a clear line — the sync is safe to run again and
 * what it had already applied is kept — not an internal error. Anything else
 * is thrown on unchanged.
 */
export function throwSyncFailure(err: unknown): never {
  if (!(err instanceof GatewayError)) throw err;
  if (err.kind === 'unknown') {
    throw new RefusedError('payments_unreachable', `payments could not be synced: Stripe did not answer (${detail(err)}); try again when it is reachable`);
  }
  throw new RefusedError('payments_refused', `payments could not be synced: ${err.message}`);
}

/** The gateway's own words without its "will be checked again" tail, which is about one payment. */
function detail(err: GatewayError): string {
  const m = /^Stripe did not answer \((.*)\); the payment will be checked again$/.exec(err.message);
  return m?.[1] ?? err.message;
}
