import { z } from 'zod';
import { RefusedError } from '../errors.js';
import { MAX_PURCHASE_CREDITS, MIN_PURCHASE_CREDITS } from './amounts.js';

/**
 * THE bounds of auto-refill's settings, for every host (the CLI's flags, the
 * handlers' schemas, the core's own check). The `auto_refill` table's CHECKs
 * (migration 010) hold the same numbers; refill-store.test.ts keeps them equal.
 */
export const REFILL_BOUNDS = {
  thresholdCredits: { min: 1, max: 100_000_000 },
  /** A refill is a purchase: the purchase limits. */
  amountCredits: { min: MIN_PURCHASE_CREDITS, max: MAX_PURCHASE_CREDITS },
  maxPerDay: { min: 1, max: 24 },
  monthlyLimitCredits: { min: 100, max: 1_000_000_000 },
} as const;

const B = REFILL_BOUNDS;

/** An auto-refill threshold in credits, with the words a refusal shows. */
export const thresholdCreditsSchema = z
  .int('whole credits')
  .min(B.thresholdCredits.min, 'the threshold is at least 1 credit')
  .max(B.thresholdCredits.max, 'the threshold is at most 100,000,000 credits');

/** Auto-refill's daily cap: refills in any 24 hours. */
export const maxPerDaySchema = z
  .int('a whole number of refills')
  .min(B.maxPerDay.min, 'at least 1 refill a day')
  .max(B.maxPerDay.max, 'at most 24 refills a day');

/** Auto-refill's monthly spend limit in credits (per local calendar month); null for none. */
export const monthlyLimitCreditsSchema = z
  .int('whole credits')
  .min(B.monthlyLimitCredits.min, 'the monthly limit is at least $1.00 (100 credits)')
  .max(B.monthlyLimitCredits.max)
  .nullable();

/** Auto-refill settings as stored (credits are integers; the card is a saved card id or the default). */
export const refillSettingsSchema = z.object({
  enabled: z.boolean(),
  thresholdCredits: thresholdCreditsSchema,
  amountCredits: z.number().int().min(B.amountCredits.min).max(B.amountCredits.max),
  cardId: z.string().min(1).nullable(),
  maxPerDay: maxPerDaySchema,
  monthlyLimitCredits: monthlyLimitCreditsSchema,
});
export type RefillSettings = z.infer<typeof refillSettingsSchema>;

/** What happened to recent refills: the failure streak and what blocks the next one. */
export interface RefillState {
  failures: number;
  lastFailureAt: number | null;
  /** A refill the bank wants the card holder present for: no retry until they act. */
  needsAction: string | null;
  capNotifiedAt: number | null;
  /**
   * When a cap last refused a refill (the instant that refill would have been
   * dated), kept until a refill goes through: while it is set, the instant the
   * cap window reopens is a due item of the settle loop (refill-reopen-source.ts).
   */
  cappedAt: number | null;
}

/** Off by default; the SPEC's example is threshold 500, refill 2,000; at most 3 refills per 24 h. */
export const DEFAULT_REFILL: RefillSettings = {
  enabled: false,
  thresholdCredits: 500,
  amountCredits: 2000,
  cardId: null,
  maxPerDay: 3,
  monthlyLimitCredits: null,
};

/** No failure, nothing blocking. */
export const EMPTY_REFILL_STATE: RefillState = { failures: 0, lastFailureAt: null, needsAction: null, capNotifiedAt: null, cappedAt: null };

/** Refuses refill settings the bounds reject, before anything is settled or written. */
export function checkRefillSettings(next: RefillSettings): void {
  const parsed = refillSettingsSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RefusedError('invalid_setting', `invalid refill ${issue?.path.join('.') ?? 'setting'}: ${issue?.message ?? 'rejected'}`);
  }
}

/** Refuses a monthly limit below one refill (no refill could ever run under it); null is no limit. */
export function checkMonthlyLimit(monthlyLimitCredits: number | null | undefined, amountCredits: number): void {
  if (monthlyLimitCredits != null && monthlyLimitCredits < amountCredits) {
    throw new RefusedError('invalid_setting', 'the monthly refill limit is below one refill: no refill could ever run');
  }
}
