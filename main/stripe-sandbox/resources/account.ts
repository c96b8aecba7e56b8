/** The account itself: one per sandbox file, so a reset file is a new account (and a client can tell). */
import { newId } from '../ids.js';
import { allowOnly } from '../params.js';
import type { Store } from '../store.js';
import type { JsonObject, Route } from '../types.js';

/**
 * Makes the file's account once, with a random `acct_…` id: the same file
 * answers with the same id after a restart; a deleted file gets a new one.
 */
export function ensureAccount(store: Store, created: number): JsonObject {
  const existing = store.db.prepare("SELECT data FROM objects WHERE kind = 'account' ORDER BY seq LIMIT 1").pluck().get() as string | undefined;
  if (existing !== undefined) return JSON.parse(existing) as JsonObject;
  const account: JsonObject = {
    id: newId('acct'),
    object: 'account',
    business_profile: { name: 'Burnrate Stripe sandbox', url: null, support_email: null },
    business_type: null,
    capabilities: { card_payments: 'active' },
    charges_enabled: true,
    country: 'US',
    created,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    // Tells a client it reached a Burnrate sandbox (with its return pages), whatever address it used.
    metadata: { burnrate_sandbox: 'true' },
    payouts_enabled: false,
    settings: { dashboard: { display_name: 'Burnrate sandbox', timezone: 'Etc/UTC' } },
    type: 'standard',
  };
  store.tx(() => store.insert('account', account));
  return account;
}

/** `GET /v1/account`: the account the key belongs to, as on Stripe. */
export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/account',
    handler: (ctx, params) => {
      allowOnly(params, []);
      return { status: 200, body: ensureAccount(ctx.store, ctx.now) };
    },
  },
];
