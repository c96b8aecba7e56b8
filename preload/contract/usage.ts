/** Request counts per deployment-hour: import and the Prometheus scrape. */

import type { Iso } from './common.js';

/** What an import did: rows read, rows imported into how many deployment-hours, and each refused row with why. */
export interface UsageImportReply {
  rows: number;
  imported: number;
  hours: number;
  rejected: { row: number; reason: string }[];
}

/**
 * A deployment's metrics URL and how its last scrape went. The URL is shown
 * without what could let someone else in (a password, query values:
 * core/usage/shown-url.ts), so any member may read it, online or from the
 * synced replica.
 */
export interface UsageTarget {
  deploymentId: number;
  url: string;
  lastAt: Iso | null;
  lastError: string | null;
}

/** One deployment's scrape: the requests it added, or why it failed, and when its URL last answered. */
export interface UsageScrapeResult {
  deploymentId: number;
  ok: boolean;
  requests: number;
  error: string | null;
  lastAt: Iso | null;
}
