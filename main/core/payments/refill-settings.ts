import { z } from 'zod';
import { RefusedError } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { MAX_PURCHASE_CREDITS, MIN_PURCHASE_CREDITS } from './amounts.js';

/** Auto-refill settings as stored (credits are integers; the card is a saved card id or the default). */
export const refillSettingsSchema = z.object({
  enabled: z.boolean(),
  thresholdCredits: z.number().int().min(1).max(100_000_000),
  amountCredits: z.number().int().min(MIN_PURCHASE_CREDITS).max(MAX_PURCHASE_CREDITS),
  cardId: z.string().min(1).nullable(),
  maxPerDay: z.number().int().min(1).max(24),
  monthlyLimitCredits: z.number().int().min(MIN_PURCHASE_CREDITS).max(1_000_000_000).nullable(),
});
export type RefillSettings = z.infer<typeof refillSettingsSchema>;

/** What happened to recent refills: the failure streak and what blocks the next one. */
export const refillStateSchema = z.object({
  failures: z.number().int().min(0),
  lastFailureAt: z.number().nullable(),
  /** A refill the bank wants the card holder present for: no retry until they act. */
  needsAction: z.string().nullable(),
  capNotifiedAt: z.number().nullable(),
  /**
   * When a cap last refused a refill (the instant that refill would have been
   * dated), kept until a refill goes through: while it is set, the instant the
   * cap window reopens is a due item of the settle loop (refill-reopen-source.ts).
   */
  cappedAt: z.number().nullable().default(null),
});
export type RefillState = z.infer<typeof refillStateSchema>;

/** Off by default; the SPEC's example is threshold 500, refill 2,000; at most 3 refills per 24 h. */
export const DEFAULT_REFILL: RefillSettings = {
  enabled: false,
  thresholdCredits: 500,
  amountCredits: 2000,
  cardId: null,
  maxPerDay: 3,
  monthlyLimitCredits: null,
};
const EMPTY_STATE: RefillState = { failures: 0, lastFailureAt: null, needsAction: null, capNotifiedAt: null, cappedAt: null };

/** Reads the refill settings. */
export function readRefillSettings(s: SettingsStore): RefillSettings {
  return s.get('payments.refill', refillSettingsSchema, DEFAULT_REFILL);
}

/** Stores the refill settings (validated). */
export function writeRefillSettings(s: SettingsStore, v: RefillSettings): RefillSettings {
  return s.set('payments.refill', refillSettingsSchema, v);
}

/** Reads the refill state. */
export function readRefillState(s: SettingsStore): RefillState {
  return s.get('payments.refill.state', refillStateSchema, EMPTY_STATE);
}

/** Updates part of the refill state. */
export function patchRefillState(s: SettingsStore, patch: Partial<RefillState>): RefillState {
  return s.set('payments.refill.state', refillStateSchema, { ...readRefillState(s), ...patch });
}

/** Clears the failure streak and any block (the settings were changed or a payment went through). */
export function resetRefillState(s: SettingsStore): RefillState {
  return s.set('payments.refill.state', refillStateSchema, EMPTY_STATE);
}

/**
 * A refill is owed: a charge left the balance below the threshold (or refill
 * was turned on below it) and no attempt has been decided since. Stored with
 * the debit that crossed, in its transaction, so a crash before the refill
 * call cannot lose it; cleared with the attempt's decision (the refill row
 * written, or the reason it was skipped).
 */
export function readRefillOwed(s: SettingsStore): boolean {
  return s.get('payments.refill.owed', z.boolean(), false);
}

/** Sets or clears the owed refill (see readRefillOwed). */
export function writeRefillOwed(s: SettingsStore, owed: boolean): void {
  s.set('payments.refill.owed', z.boolean(), owed);
}

/** Refuses a monthly limit below one refill (no refill could ever run under it); null is no limit. */
export function checkMonthlyLimit(monthlyLimitCredits: number | null | undefined, amountCredits: number): void {
  if (monthlyLimitCredits != null && monthlyLimitCredits < amountCredits) {
    throw new RefusedError('invalid_setting', 'the monthly refill limit is below one refill: no refill could ever run');
  }
}
