/** App info and the snapshot: the headline figures every screen, the tray and the tooltip read. */

import type { View, Iso } from './common.js';
import type { Alert } from './alerts.js';
import type { DailySpend } from './insights.js';

export interface AppInfo {
  version: string;
  transport: 'electron' | 'web' | 'cli';
  /** True only when the web host runs with BURNRATE_TEST_CONTROLS=1. */
  testControls: boolean;
  platform: string;
  /** The folder holding the ledger database (Settings shows it; back it up to keep the books). */
  dataDir: string;
  /** What the desktop app can do on this system; absent in a browser session. */
  desktop?: DesktopAbilities;
}

/** Desktop features that depend on the system and the build. */
export interface DesktopAbilities {
  /** A tray icon is shown (not on stock GNOME): only then does closing the window keep the app in the tray. */
  trayShown: boolean;
  /** The app can launch itself at login (installed builds; never in development). */
  launchAtLogin: boolean;
}

/** Green / amber / red: more than 72 h, 24–72 h, under 24 h or something paused for credits. */
export type RunwayState = 'ok' | 'low' | 'critical';

export interface Runway {
  state: RunwayState;
  /** When the balance can no longer pay the next due hour; null when nothing is burning. */
  endsAt: Iso | null;
  /** Hours from now until `endsAt` (fractional); null when nothing is burning. */
  hours: number | null;
  /** The deployment that would pause first, and when. */
  firstToPause: { deploymentId: number; name: string; at: Iso } | null;
}

export interface AutoRefillSummary {
  enabled: boolean;
  threshold: number;
  amount: number;
  card: { brand: string; last4: string; /** "Visa ••4242" (see CardRef). */ label: string } | null;
  /** Estimated hours between refills at the current burn; null when unknown. */
  everyHours: number | null;
}

/** Something the user must act on; shown as a banner with one button. */
export interface Banner {
  /** `ledger_ahead`: the ledger holds entries dated after this host's clock (another process ran ahead); figures leave them out. */
  kind: 'authentication_required' | 'paused_for_credits' | 'auto_refill_disabled' | 'reconciliation' | 'ledger_ahead';
  message: string;
  action: { label: string; view: View };
}

/** The headline figures every screen, the tray and the tooltip read. */
export interface Snapshot {
  at: Iso;
  balance: number;
  /** Credits charged this calendar month (user's time zone). */
  monthSpend: number;
  lastMonthSpend: number | null;
  /** Month to date + what is scheduled to run for the rest of the month; null until insights is available. */
  projectedMonth: number | null;
  /** Credits per hour of everything running now. */
  burnPerHour: number;
  running: number;
  paused: number;
  pausedForCredits: number;
  timeZone: string;
  runway: Runway;
  autoRefill: AutoRefillSummary | null;
  banners: Banner[];
  unreadAlerts: number;
  /**
   * Unread alerts that ask for an action (low balance, runway, paused for
   * credits, refill failed / capped / waiting for the card holder, a spend
   * limit…), newest first, at most five; `total` counts them (up to 50).
   */
  actionAlerts?: { alerts: Alert[]; total: number };
  /** Daily spend for the last days (dashboard bars), oldest first. */
  daily?: DailySpend[];
  costByModel?: { model: string; credits: number }[];
  costByDeployment?: { deploymentId: number; name: string; model: string; credits: number }[];
}
