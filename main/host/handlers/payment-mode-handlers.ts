import { z } from 'zod';
import type { PaymentsMode } from '../../../preload/contract.js';
import { RefusedError } from '../../core/errors.js';
import { checkSecretKey } from '../../core/payments/gateway-config.js';
import type { HandlerContext } from './handler-types.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput } from './schemas.js';

/** The payments mode as the UI may see it: never the key, only whether one is stored and how. */
export function paymentsMode(ctx: HandlerContext): PaymentsMode {
  const vault = ctx.host.stripeKeys;
  const keyStored = vault?.has() ?? false;
  let mode: PaymentsMode['mode'] = 'sandbox';
  try {
    const configured = ctx.services.paymentsConfig().mode;
    if (configured === 'stripe-test') mode = 'stripe_test';
    if (configured === 'stripe-live') mode = 'stripe_live';
  } catch {
    // A live key in the environment: every payment is refused with the reason; the mode shown stays sandbox.
  }
  // keyStorage is said even before a key is stored, so the user knows what storing one would mean.
  const keyStorage = vault ? vault.protection() : 'none';
  const sync = ctx.host.paymentsSyncStatus?.();
  const lastSync = sync ? { lastSync: { at: sync.at === null ? null : new Date(sync.at).toISOString(), error: sync.error } } : {};
  return { mode, keyStored, keyProtection: keyStored ? keyStorage : null, keyFromEnvironment: ctx.services.stripeKeyFromEnv, keyStorage, ...lastSync };
}

/**
 * Refuses a mode switch while a payment's outcome is unknown on the backend in
 * use: it must be resolved with the gateway that made it. A payment another
 * backend left pending waits for that backend (Sync cannot resolve it here),
 * so it does not block the switch — switching may be the way back to it.
 */
function refuseWhilePending(ctx: HandlerContext): void {
  if (ctx.services.payments.waiting().outcomeUnknown > 0) {
    throw new RefusedError('payments_pending', 'a payment is still being confirmed: use Sync on the Billing page, then change the payments mode');
  }
}

/** Payments mode (built-in sandbox or the user's Stripe test key) and the receipt email. */
export const paymentModeHandlers: HandlerTable = {
  'payments/getMode': handler('payments/getMode', {
    schema: emptyInput,
    handle: (ctx) => paymentsMode(ctx),
  }),
  'payments/setMode': handler('payments/setMode', {
    schema: z.strictObject({ mode: z.enum(['sandbox', 'stripe_test']), secretKey: z.string().max(255, 'a Stripe key is at most 255 characters').optional() }),
    mutates: true,
    async handle(ctx, { mode, secretKey }) {
      const vault = ctx.host.stripeKeys;
      if (!vault) throw new RefusedError('not_available', 'this host cannot store a Stripe key');
      // Every check comes before anything changes; a live key is refused with the SPEC's reason.
      const key = secretKey === undefined || secretKey.trim() === '' ? null : checkSecretKey(secretKey);
      if (mode === 'sandbox' && key) throw new RefusedError('invalid_input', 'the built-in sandbox takes no key: choose stripe_test to use your own');
      if (mode === 'stripe_test' && !key && !vault.has() && !ctx.services.stripeKeyFromEnv) {
        throw new RefusedError('no_stripe_key', 'Stripe test mode needs your test secret key (sk_test_…)');
      }
      if (mode === 'sandbox' && ctx.services.stripeKeyFromEnv) {
        throw new RefusedError(
          'key_from_environment',
          'STRIPE_SECRET_KEY is set in the environment and overrides this setting: unset it to use the built-in sandbox',
        );
      }
      refuseWhilePending(ctx);
      if (key) vault.write(key);
      // The sandbox needs no key: a stored one is forgotten rather than kept unused.
      else if (mode === 'sandbox') vault.clear();
      // The next payment opens the gateway again with the new configuration.
      await ctx.services.payments.close();
      ctx.host.onPaymentsModeChanged?.();
      return paymentsMode(ctx);
    },
  }),
  'payments/getAccount': handler('payments/getAccount', {
    schema: emptyInput,
    handle: ({ services }) => services.payments.account(),
  }),
  'payments/setEmail': handler('payments/setEmail', {
    // The address's rule (invalid_email, at most 254 characters) is the core's, the same for every host.
    schema: z.strictObject({ email: z.string().nullable() }),
    mutates: true,
    handle: async ({ services }, { email }) => ({ email: await services.payments.setEmail(email) }),
  }),
};
