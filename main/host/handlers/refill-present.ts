import type { AutoRefillSettings, AutoRefillSummary, Banner } from '../../../preload/contract.js';
import { MAX_FAILURES } from '../../core/payments/auto-refill.js';
import type { RefillView } from '../../core/payments/payments.js';
import { cardLabel } from '../../core/payments/notice-texts.js';
import { refillEveryHours } from '../../core/payments/refill-estimate.js';
import { cardRef } from './payment-present.js';

/**
 * Auto-refill as the contract shows it, from the payments module's RefillView:
 * the settings (every host: the app, and the CLI's `refill` through the door),
 * the snapshot's summary and banners. The shared fields are named in one place (`refillFields`).
 */

/** The fields every host shows under the same names. */
function refillFields(v: RefillView) {
  return { enabled: v.enabled, threshold: v.thresholdCredits, amount: v.amountCredits, cardId: v.cardId, maxPerDay: v.maxPerDay };
}

/** Auto-refill settings in the contract's shape, with the card and "about every N hours" at `burnPerHour`. */
export function refillDto(v: RefillView, burnPerHour: number): AutoRefillSettings {
  return {
    ...refillFields(v),
    monthlyLimit: v.monthlyLimitCredits,
    card: v.card ? cardRef(v.card) : null,
    everyHours: refillEveryHours(v.amountCredits, burnPerHour),
    blockedReason: v.state.needsAction
      ? 'Your bank wants you to confirm a refill payment with this card. Buy the refill amount with it now and confirm in the browser: refills go on once it succeeds.'
      : null,
    failuresInARow: v.state.failures,
    needsAction: v.state.needsAction,
    inFlight: v.inFlight,
  };
}

/** The snapshot's auto-refill line (on/off, threshold, amount, card, how often at today's burn). */
export function autoRefillSummary(v: RefillView, burnPerHour: number): AutoRefillSummary {
  const { enabled, threshold, amount } = refillFields(v);
  return {
    enabled,
    threshold,
    amount,
    card: v.card ? { brand: v.card.brand, last4: v.card.last4, label: cardLabel(v.card.brand, v.card.last4) } : null,
    everyHours: refillEveryHours(v.amountCredits, burnPerHour) ?? null,
  };
}

/** Banners auto-refill's state asks for: a refill waiting for the card holder; auto-refill turned off by failures. */
export function refillBanners(v: RefillView): Banner[] {
  const out: Banner[] = [];
  if (v.state.needsAction) {
    out.push({
      kind: 'authentication_required',
      message: 'Your bank wants you to confirm an auto-refill payment; no refill runs until you do.',
      action: { label: 'Confirm payment', view: 'billing' },
    });
  }
  if (!v.enabled && v.state.failures >= MAX_FAILURES) {
    out.push({
      kind: 'auto_refill_disabled',
      message: `Auto-refill was turned off after ${v.state.failures} failed refills in a row. Check the card, then turn it back on.`,
      action: { label: 'Auto-refill', view: 'billing' },
    });
  }
  return out;
}
