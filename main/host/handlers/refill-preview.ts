import type { RefillPreview, RefillPreviewInput } from '../../../preload/contract.js';
import { HOUR_MS } from '../../core/clock.js';
import { monthStart, nextMonthStart } from '../../core/calendar.js';
import { formatCredits } from '../../core/money.js';
import { refillEveryHours } from '../../core/payments/refill-estimate.js';
import { checkMonthlyLimit } from '../../core/payments/refill-settings.js';

/**
 * The local calendar month the monthly refill limit counts in (auto-refill
 * caps refills by the user's month, from `monthStart`, not by 30 days).
 */
interface RefillMonth {
  /** Hours from now until the local month ends. */
  hoursLeft: number;
  /** Credits refilled (or in flight) since the local month began. */
  refilled: number;
  /** Hours in the next local month (a whole month under the limit). */
  nextMonthHours: number;
}

/** Where the local month stands at `now` in zone `tz`, with `refilled` credits already refilled in it. */
export function refillMonth(now: number, tz: string, refilled: number): RefillMonth {
  const end = nextMonthStart(now, tz);
  return { hoursLeft: (end - now) / HOUR_MS, refilled, nextMonthHours: (nextMonthStart(end, tz) - monthStart(end, tz)) / HOUR_MS };
}

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
 * Why the monthly limit cannot keep up at `burnPerHour`: this month (what is
 * left of it) first, then a whole month; null when it can. Refills come in
 * whole `amount`s and one that would pass the limit does not run (as
 * auto-refill's cap), so the room is what whole refills fit under it.
 */
function monthlyWarning(limit: number, amount: number, burnPerHour: number, month: RefillMonth): string | null {
  const restNeeded = Math.ceil(burnPerHour * month.hoursLeft);
  const room = Math.floor(Math.max(0, limit - month.refilled) / amount) * amount;
  if (restNeeded > room) {
    const spent = month.refilled > 0 ? ` after the ${formatCredits(month.refilled)} already refilled` : '';
    return `At today's burn the rest of this month needs about ${formatCredits(restNeeded)} of refills, but the ${limit.toLocaleString('en-US')}-credit monthly limit leaves ${formatCredits(room)}${spent}: deployments would pause before the month ends.`;
  }
  const monthNeeded = Math.ceil(burnPerHour * month.nextMonthHours);
  if (monthNeeded > Math.floor(limit / amount) * amount) {
    return `At today's burn a whole month needs about ${formatCredits(monthNeeded)} of refills, above the ${limit.toLocaleString('en-US')}-credit monthly limit: deployments would pause before next month ends.`;
  }
  return null;
}

/**
 * The auto-refill form's preview for a draft at today's burn: how often it
 * would fire and whether the daily cap or the monthly limit can keep up.
 * Here, not in the UI, because it is money arithmetic (the renderer does none).
 */
export function refillPreview(draft: RefillPreviewInput, burnPerHour: number, month: RefillMonth): RefillPreview {
  if (draft.enabled !== false) checkMonthlyLimit(draft.monthlyLimit, draft.amount);
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
  } else if (draft.monthlyLimit != null) {
    warning = monthlyWarning(draft.monthlyLimit, draft.amount, burnPerHour, month);
  }
  return { text: `${base} — at today's burn that is ${every(everyHours)}.`, everyHours, refillsPerDay, warning };
}
