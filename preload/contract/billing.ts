/** Payments: packs, saved cards, purchases, Checkout, auto-refill, sync, payments mode. */

import type { LedgerEntry } from './ledger.js';

export interface CreditPack {
  credits: number;
  /** Price in cents (= credits). */
  amountCents: number;
  label: string;
}

/** A card as every screen names it. */
export interface CardRef {
  id: string;
  brand: string;
  last4: string;
  /** "Visa ••4242": worded by main from one rule (core/payments/notice-texts.ts), so an alert, Billing and the CLI read alike. */
  label: string;
}

export interface SavedCard extends CardRef {
  expMonth: number;
  expYear: number;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  isDefault: boolean;
}

/** A card setup page: open `url` in the browser, then poll `payments/cardSetupStatus` with `sessionId`. */
export interface CardSetupReply {
  url: string;
  sessionId: string;
  /** True when the page is the built-in Stripe sandbox's (it lives only while a Burnrate process runs). */
  sandbox?: boolean;
}

/** A removed saved card and what became of auto-refill: it now charges the default card, or it was turned off (no card left). */
export interface CardRemoval {
  removed: SavedCard;
  refill: 'default_card' | 'turned_off' | null;
  /** The cards left, the default first. */
  cards: SavedCard[];
}

/** Where a card setup stands: `complete` with the saved card, or `expired` with nothing saved. */
export interface CardSetupStatus {
  sessionId: string;
  status: 'open' | 'complete' | 'expired';
  card: SavedCard | null;
  /** The last declined try on the page in plain words (the page lets the user try another card), else null. */
  lastDecline: string | null;
}

export interface PurchaseInput {
  /** Whole credits: a pack or a custom amount (100–1,000,000). Send exactly one of `credits` and `usd`. */
  credits?: number;
  /**
   * A custom amount as typed, in dollars ("25", "25.50"), read by the engine's one money parser.
   * The app itself sends `credits` (from `payments/parseAmount`); this stays for other clients.
   */
  usd?: string;
  /**
   * The card that pays: a saved card's id, or a Stripe test id (`pm_card_visa`…) that pays once unsaved.
   * Absent: the default card (refused with `no_card` when there is none) — the CLI's `credits buy` without `--card`.
   */
  cardId?: string;
  /**
   * The client's own key for this purchase (8–100 of A–Z a–z 0–9 _ - : .), kept across its retries: sent
   * again after a lost answer, it resumes the same payment (its outcome answered) instead of paying twice;
   * with another amount or card it is refused (`request_key_reused`).
   */
  requestKey?: string;
}

/** A typed dollar amount as the engine read it: whole credits (1 credit = 1 cent), within the purchase limits. */
export interface AmountReading {
  credits: number;
}

/** A Checkout purchase: exactly one of `credits` and `usd`, as for PurchaseInput. */
export interface CheckoutInput {
  credits?: number;
  usd?: string;
}

export interface PurchaseReply {
  purchaseId: string;
  status: 'succeeded' | 'processing' | 'requires_action' | 'failed';
  credits: number;
  /** The bank's own words on a decline; a success line otherwise. */
  message: string;
  declineCode: string | null;
  /** Set once credits were added. */
  entry: LedgerEntry | null;
  balance: number;
  /** Where to finish an on-session payment (3-D Secure), when status is requires_action. */
  actionUrl: string | null;
  /** The Stripe PaymentIntent, once Stripe made one (its `purchaseId` otherwise names the payment row). */
  paymentIntent?: string | null;
  /** Deployments the added credits resumed (they were paused for credits). */
  resumed?: number[];
  /** The payment's own number in this ledger (what sync and the receipts refer to). */
  payment?: number;
  /** True when the payments backend is the built-in Stripe sandbox (its pages live only while a Burnrate process runs). */
  sandbox?: boolean;
}

export interface CheckoutReply {
  purchaseId: string;
  /** A Stripe Checkout (or the sandbox's loopback checkout) page: open it in the browser. */
  url: string;
  /** The Checkout Session id: poll `payments/checkoutStatus` with it. */
  sessionId?: string;
  credits?: number;
  /** True when the page is the built-in Stripe sandbox's (it lives only while a Burnrate process runs). */
  sandbox?: boolean;
}

/** Where a Checkout purchase stands: `complete` once its credits are in the ledger. */
export interface CheckoutStatus {
  sessionId: string;
  /** `processing` stays in the type (the contract only grows) but is not sent: a payment not yet confirmed is `open`. */
  status: 'open' | 'complete' | 'expired' | 'failed' | 'processing';
  credits: number;
  /** The ledger entry that added the credits, once it exists. */
  entry: LedgerEntry | null;
  balance: number;
  /** The PaymentIntent that paid the session, once Stripe made one. */
  paymentIntent?: string | null;
}

/** The data of one succeeded purchase or refill's receipt (what a PDF receipt shows). */
export interface PaymentReceipt {
  /** The Stripe PaymentIntent id: the payment's reference everywhere. */
  paymentId: string;
  kind: 'purchase' | 'refill' | 'checkout';
  /** When the credits were added. */
  date: string;
  amountCents: number;
  /** Dollars from whole cents, e.g. "20.00". */
  amountUsd: string;
  credits: number;
  cardBrand: string | null;
  cardLast4: string | null;
  description: string;
  /** The email the receipt was sent to with the payment (none for a payment made before an email was set). */
  receiptEmail: string | null;
  ledgerEntryId: number;
  /** Credits refunded on Stripe's side since. */
  refundedCredits: number;
}

export interface AutoRefillSettings {
  enabled: boolean;
  threshold: number;
  amount: number;
  cardId: string | null;
  maxPerDay: number;
  /** Monthly refill spend limit in credits; null for none. */
  monthlyLimit: number | null;
  /** The card a refill charges (the chosen one, else the default); null when there is none. */
  card?: CardRef | null;
  /** About how many hours one refill lasts at today's burn (engine figure); null when nothing burns. */
  everyHours?: number | null;
  /** Why no refill will run until the user acts (a refill needing authentication), else null. */
  blockedReason?: string | null;
  /** Refills that failed in a row (auto-refill turns itself off after 3). */
  failuresInARow?: number;
  /** The refill payment waiting for the card holder (3-D Secure): its PaymentIntent, else null. */
  needsAction?: string | null;
  /** The refill payment under way now (its key), else null. */
  inFlight?: string | null;
}

export interface PaymentsMode {
  mode: 'sandbox' | 'stripe_test' | 'stripe_live';
  /** Whether a Stripe key is stored (the key itself never leaves the main side). */
  keyStored: boolean;
  /**
   * How the key is protected: the OS keychain, plain text (Linux basic_text), `memory` (web host:
   * kept for this run only, never written to disk), or not applicable.
   */
  keyProtection: 'os' | 'basic_text' | 'memory' | 'none' | null;
  /** True when the key comes from the STRIPE_SECRET_KEY environment variable (it overrides a stored one). */
  keyFromEnvironment?: boolean;
  /**
   * How this host would protect a key stored now — known before any key is
   * stored: `os` (keychain / DPAPI / libsecret), `basic_text` (Linux without a
   * keyring: only obfuscated), `memory` (web host: this run only), `none` (no
   * encryption: a key cannot be stored). Never the key itself.
   */
  keyStorage?: 'os' | 'basic_text' | 'memory' | 'none';
  /**
   * How the app's last background sync with Stripe went (every 15 minutes, on
   * wake, while a Checkout is open): when it ran (null before the first) and
   * why it failed (null when it went through). Absent where no background sync runs.
   */
  lastSync?: { at: string | null; error: string | null };
}

export interface SetPaymentsModeInput {
  mode: 'sandbox' | 'stripe_test';
  /** `sk_test_…`; `sk_live_` keys are refused. Omit to keep the stored key. */
  secretKey?: string;
}

/** The payments account: the email Stripe sends receipts to. */
export interface PaymentsAccount {
  email: string | null;
  /** The Stripe customer id on the payments backend in use; null until the first payment or card creates it. */
  customer?: string | null;
}

export interface SyncReply {
  /** Payments, refills and refunds newly applied to the ledger. */
  applied: number;
  balance: number;
  /** Payments whose outcome is still unknown after this sync. */
  pending?: number;
  /** Payments credited, by how they were learned of. */
  credited?: { paymentIntent: string; credits: number; kind: string; via: 'resolve' | 'checkout' | 'event' }[];
  /** Payments that turned out to have failed. */
  failed?: { payment: number; reason: string }[];
  /** Refunds made on Stripe's side, debited (at most what the balance held). */
  refunds?: { refund: string; paymentIntent: string; credits: number; debited: number }[];
  eventsSeen?: number;
  eventsApplied?: number;
  /** Cards saved by a card setup that completed in the browser. */
  cardsAdded?: CardRef[];
  /** What auto-refill did after the sync, or null when it was not due. */
  refill?:
    | { result: 'skipped'; reason: string }
    | { result: 'capped'; reason: 'per_day' | 'monthly' }
    | { result: 'charged'; payment: number; outcome: string }
    | null;
}

/** An auto-refill setting being edited (not saved): what the preview is asked about. */
export interface RefillPreviewInput {
  enabled?: boolean;
  threshold: number;
  amount: number;
  maxPerDay: number;
  monthlyLimit?: number | null;
}

/** The plain-words preview of a draft refill setting at today's burn (engine figures). */
export interface RefillPreview {
  /** "Below 500 credits, add 2,000 credits ($20.00) — at today's burn that is about every 11 hours." */
  text: string;
  /** Hours one refill lasts at today's burn (one decimal); null when nothing burns. */
  everyHours: number | null;
  /** Refills a day at today's burn (one decimal); null when nothing burns. */
  refillsPerDay: number | null;
  /** Why the draft cannot keep up with today's burn (the daily cap, then the monthly limit), or null. */
  warning: string | null;
}
