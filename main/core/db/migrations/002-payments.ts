import type { Migration } from '../migrate.js';

/**
 * Payments: every Stripe payment the app starts is written here (with its
 * idempotency key) before Stripe is called, so a crash between the call and
 * the ledger write is resolved by asking Stripe again, never by paying again.
 */
export const migration002: Migration = {
  version: 2,
  name: 'payments',
  sql: `
CREATE TABLE payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'refill', 'checkout')),
  credits INTEGER NOT NULL CHECK (credits > 0),
  card_id TEXT,
  -- The exact parameters sent, so a retry under the same key is the same request.
  request TEXT NOT NULL CHECK (json_valid(request)),
  status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'succeeded', 'failed', 'requires_action', 'canceled')),
  payment_intent TEXT UNIQUE,
  checkout_session TEXT UNIQUE,
  checkout_url TEXT,
  failure_code TEXT,
  failure_message TEXT,
  card_brand TEXT,
  card_last4 TEXT,
  ledger_entry_id INTEGER REFERENCES ledger_entries(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'succeeded') = (ledger_entry_id IS NOT NULL))
) STRICT;

-- At most one refill in flight, whichever process starts it.
CREATE UNIQUE INDEX payments_one_refill_in_flight ON payments (kind) WHERE kind = 'refill' AND status = 'pending';
CREATE INDEX payments_status ON payments (status) WHERE status IN ('pending', 'open');
CREATE INDEX payments_kind_created ON payments (kind, created_at);

CREATE TABLE payment_cards (
  id TEXT PRIMARY KEY,
  brand TEXT NOT NULL,
  last4 TEXT NOT NULL,
  exp_month INTEGER NOT NULL,
  exp_year INTEGER NOT NULL,
  funding TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  added_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX payment_cards_one_default ON payment_cards (is_default) WHERE is_default = 1;

-- Refunds learnt through sync: applied once each, even when the balance could not cover them.
CREATE TABLE payment_refunds (
  id TEXT PRIMARY KEY,
  payment_intent TEXT NOT NULL,
  credits INTEGER NOT NULL CHECK (credits > 0),
  debited INTEGER NOT NULL CHECK (debited >= 0 AND debited <= credits),
  ledger_entry_id INTEGER REFERENCES ledger_entries(id),
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE stripe_events_applied (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;

CREATE TABLE payment_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('refill_succeeded', 'refill_failed', 'refill_capped', 'refill_needs_action', 'auto_refill_disabled', 'reconciliation')),
  at INTEGER NOT NULL,
  message TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE INDEX payment_notices_at ON payment_notices (at);
`,
};
