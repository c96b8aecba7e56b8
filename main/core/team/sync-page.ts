/**
 * One page of the team server's sync pull (`sync/pull`): what a client's
 * replica copies of its org, in the org's change order. Shared by the server
 * (which reads it from PostgreSQL) and the client (which writes it to SQLite).
 */

/**
 * Tables whose rows carry the org's change counter (`sync_seq`): pulled by
 * cursor, in order. Payments (purchases, refills, Checkout, with their state),
 * refunds and usage counts joined in server migration 011; a client that
 * predates them ignores their keys, and a page from a server that predates
 * them has none (applyPage reads a missing table as no rows).
 */
export const SYNCED_TABLES = ['ledger_entries', 'deployments', 'alerts', 'payments', 'payment_refunds', 'usage_hours'] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

/**
 * Small tables the replica's figures also read (prices, the org's time zone,
 * pause schedules, auto-refill's settings and state, idle settings, the saved
 * cards — brand, last4, expiry, default: Stripe holds the card itself — and
 * the usage scrape targets, their URLs as members see them, without a
 * password or query values: usage/shown-url.ts): sent
 * whole on the last page of a pull, and replaced whole on the replica (a
 * removed card is simply absent).
 */
export const REFERENCE_TABLES = [
  'instance_tiers',
  'instance_tier_prices',
  'settings',
  'deployment_schedules',
  'auto_refill',
  'deployment_idle',
  'payment_cards',
  'usage_scrape_targets',
] as const;
export type ReferenceTable = (typeof REFERENCE_TABLES)[number];

/** A row as stored, column name → value (integers as exact numbers; no org_id or sync_seq). */
export type SyncRow = Record<string, string | number | null>;

/** Most rows one page may carry; the default page. */
export const MAX_PULL_LIMIT = 10_000;
export const DEFAULT_PULL_LIMIT = 5_000;

/** One page of changes after a cursor. */
export interface SyncPage {
  orgId: number;
  /** The cursor the page was asked for. */
  after: number;
  /** Pull the next page after this (the last change in the page; `after` when the page is empty). */
  cursor: number;
  /** The org's last change when the page was read. */
  head: number;
  /** True when changes after `cursor` remain. */
  more: boolean;
  /** Each synced table's rows changed in (after, cursor], each at its latest state, oldest change first. */
  changes: Record<SyncedTable, SyncRow[]>;
  /** Every reference table whole, on the last page (`more` false) only. */
  reference: Record<ReferenceTable, SyncRow[]> | null;
  /** The org's time zone as the server reads it (its stored setting, else the server machine's), on the last page only. */
  timeZone: string | null;
}
