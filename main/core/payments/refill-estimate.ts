/**
 * How often auto-refill would fire at today's burn, for the plain-words
 * preview ("below 500 credits, add 2,000 — at today's burn that is about every
 * 11 hours"). Computed here, not in the UI: the renderer does no money math.
 */

/** Hours one refill of `amountCredits` lasts at `burnPerHour` (one decimal); null when nothing burns or the input is unusable. */
export function refillEveryHours(amountCredits: number, burnPerHour: number): number | null {
  if (!Number.isFinite(amountCredits) || !Number.isFinite(burnPerHour) || amountCredits <= 0 || burnPerHour <= 0) return null;
  return Math.round((amountCredits / burnPerHour) * 10) / 10;
}
