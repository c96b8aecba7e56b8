/** Settling what fell due (the CLI's `tick`) and the headline status (the CLI's `status`). */

import type { Iso } from './common.js';

/** What one settle pass did: hours charged, deployments paused and resumed, the balance after. */
export interface TickReply {
  charged: { deploymentId: number; hourStart: Iso; credits: number }[];
  chargedCredits: number;
  paused: { deploymentId: number; at: Iso; reason: string }[];
  resumed: { deploymentId: number; at: Iso; reason: string }[];
  /** True when an unpaid hour waits for a refill in flight. */
  waitingForRefill: boolean;
  balance: number;
}

/** The headline figures after settling, with the forecast's burn, projection and runway. */
export interface StatusReport {
  balance: number;
  monthSpend: number;
  running: number;
  paused: number;
  pausedForCredits: number;
  /** The user's time zone (days and months are read in it). */
  timeZone: string;
  at: Iso;
  /** This month's spend plus what the running deployments will cost until it ends. */
  projectedMonth: number;
  burnPerHour: number;
  /** When the balance runs out at today's burn, and which deployment pauses first; null when not within 90 days. */
  runway: { hours: number; at: Iso; firstToPause: { id: number; name: string } } | null;
}
