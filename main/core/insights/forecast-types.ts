import type { PauseSchedule } from '../schedules/schedule-types.js';

/**
 * Auto-refill as the forecast needs it. The payments module owns the real
 * settings; services.ts hands them over through a `RefillPolicySource`.
 */
export interface RefillPolicy {
  enabled: boolean;
  /** A debit leaving the balance below this triggers one refill. */
  thresholdCredits: number;
  amountCredits: number;
  /** At most this many refills per rolling 24 h (null: no cap). */
  maxPer24h: number | null;
  /** At most this many refill credits per local calendar month (null: no limit). */
  monthlyLimitCredits: number | null;
  /** Times of refills already made (for the rolling 24 h cap). */
  recentRefillAts: number[];
  /** Refill credits already added this local month. */
  monthRefilledCredits: number;
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
