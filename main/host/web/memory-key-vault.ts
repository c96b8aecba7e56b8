import type { StripeKeyVault } from '../handlers/handler-types.js';

/**
 * The web host's Stripe key store: memory only, for this run. A browser-served
 * host has no OS keychain to lean on, so the key is never written to disk and
 * is gone when the host stops (set STRIPE_SECRET_KEY to keep using one).
 */
export class MemoryKeyVault implements StripeKeyVault {
  private key: string | null = null;

  /** The key for the payments module (main side only; no channel returns it). */
  read(): string | null {
    return this.key;
  }

  protection(): 'memory' {
    return 'memory';
  }

  has(): boolean {
    return this.key !== null;
  }

  write(key: string): void {
    this.key = key;
  }

  clear(): void {
    this.key = null;
  }
}
