import { monthStart, nextMonthStart } from '../calendar.js';
import { DAY_MS } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';

/** A refill as the caps count it: the instant it is dated (the hour it funds) and its credits. */
export interface CountedRefill {
  at: number;
  credits: number;
}

/** The auto-refill rules that decide whether a refill may happen (a subset of RefillSettings). */
export interface RefillRules {
  enabled: boolean;
  thresholdCredits: number;
  amountCredits: number;
  /** At most this many refills in any 24 h window (null: no cap). */
  maxPerDay: number | null;
  /** At most this many refill credits per local calendar month (null: no limit). */
  monthlyLimitCredits: number | null;
}

/** Why no refill may happen at an instant, or null when one may. */
export type RefillBlock = 'off' | 'above_threshold' | 'per_day' | 'monthly';

/**
 * THE refills that count against the caps, dated from `from` on: every
 * succeeded refill at the instant its ledger entry is dated (the hour it
 * funds, not when it was processed: a catch-up after a day asleep spreads
 * its refills over that day), plus the refill in flight, which may still take
 * money, at the instant it was asked for. Oldest first.
 */
export function countedRefills(db: Db, from: number): CountedRefill[] {
  return cachedStatement(
    db,
    `SELECT at, credits FROM (
      SELECT COALESCE(l.at, p.created_at) AS at, COALESCE(l.credits, p.credits) AS credits, p.id AS id
      FROM payments p LEFT JOIN ledger_entries l ON l.id = p.ledger_entry_id
      WHERE p.kind = 'refill' AND p.status IN ('pending', 'succeeded'))
    WHERE at >= ? ORDER BY at, id`,
  ).all(from) as CountedRefill[];
}

/** The earliest instant whose refills the caps look at when deciding at `at` (24 h back, or the month's start). */
export function capsLookBack(at: number, timeZone: string): number {
  return Math.min(at - DAY_MS, monthStart(at, timeZone));
}

/** The counted refills dated in the rolling 24 h window that ends at `at`: (at − 24 h, at]. */
function inDayWindow(refills: readonly CountedRefill[], at: number): CountedRefill[] {
  return refills.filter((r) => r.at > at - DAY_MS && r.at <= at);
}

/** Credits of the counted refills dated in `at`'s local month, up to `at`. */
function monthCredits(refills: readonly CountedRefill[], at: number, timeZone: string): number {
  const start = monthStart(at, timeZone);
  let sum = 0;
  for (const r of refills) if (r.at >= start && r.at <= at) sum += r.credits;
  return sum;
}

/** Credits of the refills counted in `at`'s local month up to `at` (what the monthly limit has used). */
export function monthRefilledCredits(db: Db, at: number, timeZone: string): number {
  return monthCredits(countedRefills(db, monthStart(at, timeZone)), at, timeZone);
}

/** Which cap blocks a refill dated at `at`, given the refills already counted (null: none). */
export function capBlocking(rules: RefillRules, refills: readonly CountedRefill[], at: number, timeZone: string): 'per_day' | 'monthly' | null {
  if (rules.maxPerDay !== null && inDayWindow(refills, at).length >= rules.maxPerDay) return 'per_day';
  if (rules.monthlyLimitCredits !== null && monthCredits(refills, at, timeZone) + rules.amountCredits > rules.monthlyLimitCredits) return 'monthly';
  return null;
}

/**
 * Whether a refill dated at `at` may happen with the balance at `balance`:
 * the one rule the engine's auto-refill and the runway's simulation share.
 * Null: it may.
 */
export function refillBlock(rules: RefillRules, balance: number, refills: readonly CountedRefill[], at: number, timeZone: string): RefillBlock | null {
  if (!rules.enabled) return 'off';
  if (balance >= rules.thresholdCredits) return 'above_threshold';
  return capBlocking(rules, refills, at, timeZone);
}

/**
 * The earliest instant at or after `from` at which no cap blocks a refill:
 * when the oldest refills that fill the 24 h window leave it, and/or the next
 * local month starts. Null when no instant ever opens (one refill is above the
 * monthly limit).
 */
export function capsReopenAt(rules: RefillRules, refills: readonly CountedRefill[], from: number, timeZone: string): number | null {
  let t = from;
  // Each step moves past one cap; refills dated later than `t` can close it again, so step until none blocks.
  for (let i = 0; i < refills.length + 4; i++) {
    const cap = capBlocking(rules, refills, t, timeZone);
    if (cap === null) return t;
    if (cap === 'per_day') {
      const window = inDayWindow(refills, t)
        .map((r) => r.at)
        .sort((a, b) => a - b);
      // (at − 24 h, at]: the window holds one fewer than the cap once the (n − max)th oldest is exactly 24 h old.
      t = window[window.length - rules.maxPerDay!]! + DAY_MS;
    } else {
      if (rules.amountCredits > rules.monthlyLimitCredits!) return null;
      t = nextMonthStart(t, timeZone);
    }
  }
  return null;
}
