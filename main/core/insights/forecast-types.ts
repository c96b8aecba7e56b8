import type { CountedRefill, RefillRules } from '../payments/refill-caps.js';
import type { PauseSchedule } from '../schedules/schedule-types.js';

/**
 * Auto-refill as the forecast needs it. The payments module owns the real
 * settings; services.ts hands them over through a `RefillPolicySource`.
 * Whether a refill may happen is decided by the payments module's one rule
 * (payments/refill-caps.ts), which the engine's auto-refill uses too.
 */
export interface RefillPolicy extends RefillRules {
  /** The refills already counted against the caps (refill-caps.ts `countedRefills`), since the caps' look-back. */
  counted: CountedRefill[];
  /** When a cap last refused a refill not yet followed by one (its reopening refills), or null. */
  cappedAt: number | null;
}

/** Reads the current refill policy, or null when there is none. */
export type RefillPolicySource = () => RefillPolicy | null;

/** A deployment as the forecast sees it: what it costs and when it charges next. */
export interface ForecastDeployment {
  id: number;
  name: string;
  tier: string;
  /** Running: its next charge. Null when paused by schedule (it resumes at `resumeAt`). */
  nextChargeAt: number | null;
  /** Paused by schedule: when the schedule resumes it (null: never). */
  resumeAt: number | null;
  paidUntil: number | null;
  schedule: PauseSchedule | null;
}

/** Everything a forecast reads, so it can be computed (and tested) without a database. */
export interface ForecastInput {
  now: number;
  timeZone: string;
  balance: number;
  deployments: ForecastDeployment[];
  priceAt(tier: string, at: number): number;
  /** The highest price of a tier in [from, to]; lets the runway skip its walk when the balance surely lasts. */
  maxPriceBetween?(tier: string, from: number, to: number): number;
  refill: RefillPolicy | null;
}

/** One upcoming charge. */
export interface ForecastCharge {
  at: number;
  deploymentId: number;
  credits: number;
}

/** When the balance can no longer pay the next charge. */
export interface Runway {
  hours: number;
  at: number;
  firstToPause: { id: number; name: string };
}
