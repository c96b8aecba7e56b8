import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RefusedError } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { PaymentGateway } from './gateway.js';

const CUSTOMER_KEY = 'payments.customerId';
const BACKEND_KEY = 'payments.backend';
const emailSchema = z.string().trim().toLowerCase().email('not a valid email address').max(254);

/**
 * The account's Stripe identity: an installation id (prefix of every
 * idempotency key, so two ledgers sharing one Stripe account never replay
 * each other's requests), the Stripe customer, and the receipt email.
 */
export class PaymentAccount {
  /**
   * The backend reached while the account had nothing on it (no customer, no
   * card): kept in memory only, so opening the gateway for a request that is
   * then refused writes nothing; stored with the first customer.
   */
  private unstoredBackend: string | null = null;

  constructor(private readonly settings: SettingsStore) {}

  /** This ledger's installation id, made once. */
  installId(): string {
    const id = this.settings.get('payments.installId', z.string().min(8), '');
    if (id) return id;
    return this.settings.set('payments.installId', z.string(), randomUUID().replace(/-/g, '').slice(0, 16));
  }

  /** Idempotency key for one local payment row. */
  paymentKey(paymentId: number): string {
    return `burnrate-${this.installId()}-payment-${paymentId}`;
  }

  /** The Stripe customer id, if one was made. */
  customerId(): string | null {
    return this.settings.get(CUSTOMER_KEY, z.string().nullable(), null);
  }

  /** Sets (or with null forgets) the Stripe customer of the active backend. */
  setCustomerId(id: string | null): void {
    this.settings.set(CUSTOMER_KEY, z.string().nullable(), id);
  }

  /** The identity of the payments backend the customer belongs to (backend-binding.ts), or null before one was bound. */
  backend(): string | null {
    return this.storedBackend() ?? this.unstoredBackend;
  }

  /** Makes `identity` the stored backend (backend-binding.ts decides when). */
  setBackend(identity: string): void {
    this.settings.set(BACKEND_KEY, z.string(), identity);
  }

  private storedBackend(): string | null {
    return this.settings.get(BACKEND_KEY, z.string().nullable(), null);
  }

  /** The backend an empty account reached: remembered, and stored once the account has a customer there. */
  noteBackend(identity: string): void {
    this.unstoredBackend = identity;
  }

  /** The Stripe customer, created on first use (idempotently: a retry after a crash finds the same one). */
  async ensureCustomer(gateway: PaymentGateway): Promise<string> {
    const existing = this.customerId();
    if (existing) return existing;
    const c = await gateway.createCustomer(this.email(), `burnrate-${this.installId()}-customer`);
    // The backend first: a crash between the two writes leaves an empty account bound, never a customer without its backend.
    if (this.unstoredBackend && this.storedBackend() === null) this.setBackend(this.unstoredBackend);
    this.setCustomerId(c.id);
    return c.id;
  }

  /** The receipt email, or null. */
  email(): string | null {
    return this.settings.get('account.email', emailSchema.nullable(), null);
  }

  /** Sets (or with null clears) the email Stripe sends receipts to. */
  async setEmail(raw: string | null, gateway: () => Promise<PaymentGateway>): Promise<string | null> {
    let email: string | null = null;
    if (raw !== null && raw.trim() !== '') {
      const parsed = emailSchema.safeParse(raw);
      if (!parsed.success) throw new RefusedError('invalid_email', `'${raw}' is not a valid email address`);
      email = parsed.data;
    }
    this.settings.set('account.email', emailSchema.nullable(), email);
    const customer = this.customerId();
    if (customer) await (await gateway()).updateCustomerEmail(customer, email);
    return email;
  }
}
