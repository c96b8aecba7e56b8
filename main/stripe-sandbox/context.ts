/** Running one sandbox action: its context, its transaction, and how its answer leaves the server. */
import { ApiError } from './errors.js';
import { expireDueSessions } from './resources/checkout-sessions.js';
import type { Store } from './store.js';
import { SANDBOX_URL, type ApiResult, type Ctx } from './types.js';

/** Unix seconds of a clock reading. */
export function unixSeconds(clock: () => Date): number {
  return Math.floor(clock().getTime() / 1000);
}

/** A handler context for one request (or one direct call from the handle). */
export function makeCtx(
  store: Store,
  clock: () => Date,
  requestId: string | null,
  idempotencyKey: string | null = null,
  apiVersion: string | null = null,
): Ctx {
  return { store, now: unixSeconds(clock), requestId, idempotencyKey, apiVersion };
}

/**
 * Runs `fn` in one transaction. A thrown ApiError rolls everything back and
 * becomes the answer; a returned answer (even a 402 decline) is committed.
 */
export function execute(ctx: Ctx, fn: () => ApiResult): ApiResult {
  try {
    return ctx.store.tx(fn);
  } catch (err) {
    if (err instanceof ApiError) return err.toResult();
    throw err;
  }
}

/** Lets time-based changes happen before a request looks at the account (Checkout expiry). */
export function sweep(store: Store, clock: () => Date): void {
  const ctx = makeCtx(store, clock, null);
  store.tx(() => expireDueSessions(ctx));
}

/** Serializes a body for the wire, pointing stored sandbox URLs at the server's current address. */
export function render(body: string, baseUrl: string): string {
  return body.replaceAll(SANDBOX_URL, baseUrl);
}
