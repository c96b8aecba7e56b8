/** Request counts per deployment-hour: import and the Prometheus scrape. */

import type { Iso } from './common.js';

/** What an import did: rows read, rows imported into how many deployment-hours, and each refused row with why. */
export interface UsageImportReply {
  rows: number;
  imported: number;
  hours: number;
  rejected: { row: number; reason: string }[];
}

/** One deployment's scrape: the requests it added, or why it failed, and when its URL last answered. */
export interface UsageScrapeResult {
  deploymentId: number;
  ok: boolean;
  requests: number;
  error: string | null;
  lastAt: Iso | null;
}
