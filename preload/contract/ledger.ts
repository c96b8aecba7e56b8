/** The ledger (transactions) and coupons. */

import type { Iso } from './common.js';

export type EntryKind = 'purchase' | 'refill' | 'coupon' | 'charge' | 'refund' | 'reversal' | 'adjustment';

export interface LedgerEntry {
  id: number;
  kind: EntryKind;
  credits: number;
  balanceAfter: number;
  deploymentId: number | null;
  hourStart: Iso | null;
  at: Iso;
  reference: string | null;
  description: string;
}

export interface LedgerPageInput {
  kinds?: EntryKind[];
  from?: Iso;
  /** Exclusive. */
  to?: Iso;
  /**
   * Instead of `from`/`to`: local days "YYYY-MM-DD", both inclusive, read in
   * the user's time zone (Settings) — the zone every date on screen uses.
   */
  fromDate?: string;
  toDate?: string;
  search?: string;
  deploymentId?: number;
  /** 1–500, default 100. */
  limit?: number;
  /** Keyset paging: pass the previous page's `nextBeforeId`. */
  beforeId?: number;
}

/** Entries oldest first, filtered (the CLI's `ledger`, exports' reading order). */
export interface LedgerListInput {
  kinds?: EntryKind[];
  from?: Iso;
  /** Exclusive. */
  to?: Iso;
  deploymentId?: number;
  /** At most this many (0 or more); all when absent. */
  limit?: number;
}

/** Newest first; `nextBeforeId` is null on the last page. */
export interface LedgerPage {
  entries: LedgerEntry[];
  nextBeforeId: number | null;
}

export interface CouponRedeemReply {
  entry: LedgerEntry;
  /** Deployments resumed because credits arrived. */
  resumed: number[];
  balance: number;
}

/** A coupon as stored: the code upper-case; `redemptions` counts every account's. */
export interface Coupon {
  code: string;
  credits: number;
  /** null: it never expires. */
  expiresAt: Iso | null;
  /** null: no limit. */
  maxRedemptions: number | null;
  redemptions: number;
}

/** A new coupon (checked by the engine: code 1–64 letters, digits, - or _; credits 1–100,000,000). */
export interface NewCouponInput {
  code: string;
  credits: number;
  expiresAt?: Iso | null;
  maxRedemptions?: number | null;
}

/** A coupon import: the coupons created, and each rejected row (1-based, the header not counted) with its reason. */
export interface CouponImportReply {
  created: string[];
  rejected: { row: number; code: string | null; reason: string }[];
}
