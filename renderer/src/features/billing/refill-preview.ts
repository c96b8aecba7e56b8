import type { AutoRefillSettings } from '../../api/types';
import { formatCount, formatCredits } from '../../format/credits';
import { formatDuration } from '../../format/time';

/** The form's values as the user typed them (whole credits). */
export interface RefillDraft {
  enabled: boolean;
  threshold: number;
  amount: number;
  maxPerDay: number;
}

/**
 * Plain words for a refill setting. How often it fires comes from the engine
 * (`everyHours` of the saved setting at today's burn); it is only quoted when
 * the draft is what is saved, so the renderer never estimates money flow.
 */
export function refillPreview(draft: RefillDraft, saved: AutoRefillSettings | null, everyHours: number | null): string {
  if (!draft.enabled) return 'Auto-refill is off: when credits run out, running deployments pause.';
  const base = `Below ${formatCount(draft.threshold)} credits, add ${formatCredits(draft.amount)}`;
  const same = saved !== null && saved.enabled && saved.threshold === draft.threshold && saved.amount === draft.amount;
  if (!same || everyHours === null) return `${base}.`;
  return `${base} — at today's burn that is about every ${formatDuration(everyHours * 3_600_000)}.`;
}

/**
 * The adequacy warning: refills needed per day at today's burn (engine figure)
 * against the daily cap. Compares counts of refills, not money.
 */
export function refillAdequacy(draft: RefillDraft, everyHours: number | null): string | null {
  if (!draft.enabled || everyHours === null || everyHours <= 0) return null;
  const perDay = 24 / everyHours;
  if (perDay > draft.maxPerDay) {
    return `At today's burn this needs about ${Math.ceil(perDay)} refills a day, but the cap is ${draft.maxPerDay}: deployments would pause before the day ends. Raise the amount or the cap.`;
  }
  if (everyHours < 1) return 'A refill buys less than an hour of today\'s burn: raise the amount.';
  return null;
}
