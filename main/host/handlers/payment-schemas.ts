import { z } from 'zod';
import { isRefused } from '../../core/errors.js';
import { MAX_PURCHASE_CREDITS, MIN_PURCHASE_CREDITS, usdToCredits } from '../../core/payments/amounts.js';

const AMOUNT_RANGE = 'a purchase is $1.00–$10,000.00 (100–1,000,000 credits)';

/** A purchase or refill size in credits (= cents): whole, $1.00–$10,000.00. Refuses 5.005, NaN, text. */
export const purchaseCreditsSchema = z
  .int('whole credits (1 credit = 1 cent; no fractions of a cent)')
  .min(MIN_PURCHASE_CREDITS, AMOUNT_RANGE)
  .max(MAX_PURCHASE_CREDITS, AMOUNT_RANGE);

/**
 * A custom amount typed in dollars ("25", "25.50"), checked by the payments
 * module's own parser so 1e3, 5.005, -5 or "ten" get its words.
 */
export const usdTextSchema = z
  .string()
  .max(32, 'a dollar amount like 25 or 25.50')
  .superRefine((text, ctx) => {
    try {
      usdToCredits(text);
    } catch (err) {
      if (!isRefused(err)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  });

/** Credits of an input already checked by `withOneAmount`: the number, or the parsed dollar text. */
export function amountCredits(input: { credits?: number; usd?: string }): number {
  return input.credits ?? usdToCredits(input.usd ?? '');
}

/** Requires exactly one of `credits` and `usd`. */
export function withOneAmount<T extends z.ZodObject>(schema: T) {
  return schema.refine((v: { credits?: unknown; usd?: unknown }) => (v.credits === undefined) !== (v.usd === undefined), {
    message: 'send exactly one of credits (whole credits) and usd (a dollar amount)',
    path: ['credits'],
  });
}

/**
 * A Stripe PaymentMethod id (`pm_…`, Stripe's test ids such as pm_card_visa
 * included): only bounded here, the core reads it (a card number typed here
 * gets its own refusal, `invalid_card`, the same for every host).
 */
export const paymentMethodSchema = z.string().max(255);

/** A saved card's id (a PaymentMethod id). */
export const cardIdSchema = z
  .string()
  .trim()
  .max(255)
  .regex(/^(pm|card)_[A-Za-z0-9_]+$/, 'a saved card id (pm_…)');

/**
 * The card a purchase names: a saved card's id or a Stripe test id, only
 * bounded here — the core reads it, so an unknown one gets its refusal
 * (`unknown_card`, naming the saved cards) in the same words for every host.
 */
export const payingCardSchema = z.string().max(255);

/** A client's key for one purchase, kept across its retries (payments/purchase `requestKey`). */
export const requestKeySchema = z.string().regex(/^[A-Za-z0-9_\-:.]{8,100}$/, 'a request key: 8–100 of A–Z a–z 0–9 _ - : .');

/** A PaymentIntent id as typed (a receipt's): only bounded here — the core refuses one it did not see succeed (`unknown_payment`). */
export const paymentIntentSchema = z.string().max(255);

/** A Checkout Session id. */
export const sessionIdSchema = z
  .string()
  .max(255)
  .regex(/^cs_[A-Za-z0-9_]+$/, 'a Checkout Session id (cs_…)');

/** Auto-refill's field rules have one home, next to the settings they bound (core/payments/refill-settings.ts). */
export {
  maxPerDaySchema,
  monthlyLimitCreditsSchema as monthlyLimitSchema,
  thresholdCreditsSchema as thresholdSchema,
} from '../../core/payments/refill-settings.js';
