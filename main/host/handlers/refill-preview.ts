import type { RefillPreview, RefillPreviewInput } from '../../../preload/contract.js';
import { formatCredits } from '../../core/money.js';
import { refillEveryHours } from '../../core/payments/refill-estimate.js';

/** "Monthly" for a refill limit means 30 days, as the engine's other monthly figures do. */
const DAYS_PER_MONTH = 30;

/** "about every 11 hours", "about every 2 days 4 hours", "more often than every hour". */
function every(hours: number): string {
  if (hours < 1) return 'more often than every hour';
  const h = Math.round(hours);
  if (h < 48) return `about every ${h} hour${h === 1 ? '' : 's'}`;
  const d = Math.floor(h / 24);
  const rest = h % 24;
  return `about every ${d} days${rest ? ` ${rest} hour${rest === 1 ? '' : 's'}` : ''}`;
}

/**
 * The auto-refill form's preview for a draft at today's burn: how often it
 * would fire and whether the daily cap or the monthly limit can keep up.
 * Here, not in the UI, because it is money arithmetic (the renderer does none).
 */
export function refillPreview(draft: RefillPreviewInput, burnPerHour: number): RefillPreview {
  if (draft.enabled === false) {
    return { text: 'Auto-refill is off: when credits run out, running deployments pause.', everyHours: null, refillsPerDay: null, warning: null };
  }
  const base = `Below ${draft.threshold.toLocaleString('en-US')} credits, add ${formatCredits(draft.amount)}`;
  const everyHours = refillEveryHours(draft.amount, burnPerHour);
  if (everyHours === null) {
    return { text: `${base}. Nothing is burning credits right now, so no refill is due.`, everyHours: null, refillsPerDay: null, warning: null };
  }
  const perDay = (24 * burnPerHour) / draft.amount;
  const refillsPerDay = Math.round(perDay * 10) / 10;
  let warning: string | null = null;
  if (perDay > draft.maxPerDay) {
    warning = `At today's burn this needs about ${Math.ceil(perDay)} refills a day, but the cap is ${draft.maxPerDay}: deployments would pause before the day ends. Raise the amount or the cap.`;
  } else if (draft.monthlyLimit != null && burnPerHour * 24 * DAYS_PER_MONTH > draft.monthlyLimit) {
    const needed = Math.ceil(burnPerHour * 24 * DAYS_PER_MONTH);
    warning = `At today's burn refills would add about ${formatCredits(needed)} a month, above the ${draft.monthlyLimit.toLocaleString('en-US')}-credit monthly limit: deployments would pause before the month ends.`;
  }
  return { text: `${base} — at today's burn that is ${every(everyHours)}.`, everyHours, refillsPerDay, warning };
}
