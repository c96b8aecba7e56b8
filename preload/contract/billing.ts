/** Payments: packs, saved cards, purchases, Checkout, auto-refill, sync, payments mode. */

import type { LedgerEntry } from './ledger.js';

export interface CreditPack {
  credits: number;
  /** Price in cents (= credits). */
  amountCents: number;
  label: string;
}

export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  isDefault: boolean;
}

export interface PurchaseInput {
  /** Whole credits: a pack or a custom amount (100–1,000,000). */
  credits: number;
  cardId: string;
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
}

export interface CheckoutReply {
  purchaseId: string;
  /** A Stripe Checkout (or the sandbox's loopback checkout) page: open it in the browser. */
  url: string;
}

export interface AutoRefillSettings {
  enabled: boolean;
  threshold: number;
  amount: number;
  cardId: string | null;
  maxPerDay: number;
  /** Monthly refill spend limit in credits; null for none. */
  monthlyLimit: number | null;
}

export interface PaymentsMode {
  mode: 'sandbox' | 'stripe_test';
  /** Whether a Stripe key is stored (the key itself never leaves the main side). */
  keyStored: boolean;
  /** How the key is protected: the OS keychain, plain text (Linux basic_text), or not applicable. */
  keyProtection: 'os' | 'basic_text' | 'none' | null;
}

export interface SetPaymentsModeInput {
  mode: 'sandbox' | 'stripe_test';
  /** `sk_test_…`; `sk_live_` keys are refused. Omit to keep the stored key. */
  secretKey?: string;
}

export interface SyncReply {
  /** Payments, refills and refunds newly applied to the ledger. */
  applied: number;
  balance: number;
}
