import type { AutoRefillSummary } from '../../api/types';
import { formatCount } from '../../format/credits';
import { formatDuration } from '../../format/time';

/** "Auto-refill on — below 500, add 2,000 with Visa ••4242 (about every 11 h at today's burn)". */
export function autoRefillSentence(a: AutoRefillSummary | null): string {
  if (!a || !a.enabled) return 'Auto-refill is off — deployments pause when credits run out.';
  const card = a.card ? ` with ${a.card.label}` : '';
  const every = a.everyHours !== null ? ` (about every ${formatDuration(a.everyHours * 3_600_000)} at today's burn)` : '';
  return `Auto-refill on — below ${formatCount(a.threshold)}, add ${formatCount(a.amount)}${card}${every}`;
}
