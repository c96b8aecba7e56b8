/** In-app alerts and their settings. */

import type { TickReply } from './settle.js';
import type { Iso, View } from './common.js';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Alert {
  id: number;
  kind: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  at: Iso;
  read: boolean;
  /** Where it can be acted on. */
  action: { label: string; view: View; deploymentId?: number } | null;
  deploymentId?: number | null;
  /**
   * Every button the alert offers: `target` is e.g. add-credits, pause-all,
   * pause:<deployment id>, update-card, confirm-payment, open:<view>; `view` is
   * the screen where it is acted on.
   */
  actions?: { label: string; target: string; view?: View }[];
  /** Its condition passed (balance back, deployment resumed, refill made…): history, not "needs your action". */
  resolved?: boolean;
  /** When it was recorded (`at` is when it happened: a catch-up replays past hours). */
  raisedAt?: Iso;
  /** The facts it was raised with (e.g. a held catch-up's gap: from, to in epoch ms, days, estimatedCredits). */
  data?: Record<string, unknown>;
  /** Whether it was shown as a notification yet: `superseded` when a newer one of its kind replaced it in the queue. */
  delivery?: 'pending' | 'delivered' | 'superseded';
}

export interface AlertListInput {
  unreadOnly?: boolean;
  /** Only alerts whose condition still holds (not resolved). */
  open?: boolean;
  limit?: number;
  beforeId?: number;
}

export interface AlertList {
  alerts: Alert[];
  unread: number;
  nextBeforeId: number | null;
}

export interface AlertSettings {
  lowBalanceThresholds: number[];
  runwayHours: number | null;
  dailySummary: boolean;
  weeklySummary: boolean;
  /** Local "HH:MM" for summaries. */
  summaryTime: string;
  /** Day of the weekly summary: mon … sun. */
  weeklyDay?: string;
  deploymentLimits: { deploymentId: number; credits: number; windowHours: number }[];
}

/** What confirming a long catch-up did: the gap that was held (null: none was) and what settling it charged. */
export interface CatchUpReply extends TickReply {
  confirmed: { from: Iso; to: Iso; days: number; estimatedCredits: number } | null;
  chargedHours: number;
}
