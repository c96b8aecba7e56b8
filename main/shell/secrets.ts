import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { RefusedError } from '../core/errors.js';
import type { StripeKeyVault } from '../host/handlers/handler-types.js';

/** How the OS protects the stored key. */
export function keyProtection(): 'os' | 'basic_text' | 'none' {
  if (!safeStorage.isEncryptionAvailable()) return 'none';
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
  return 'os';
}

/**
 * The Stripe secret key, encrypted with safeStorage in the user-data folder.
 * It lives only in the main process: no channel returns it, nothing logs it.
 */
export class StripeKeyStore implements StripeKeyVault {
  private readonly file: string;

  constructor(userData: string) {
    this.file = path.join(userData, 'stripe-key.bin');
  }

  /** How the stored key is protected (payments/getMode reports it). */
  protection(): 'os' | 'basic_text' | 'none' {
    return keyProtection();
  }

  /** Whether a key is stored. */
  has(): boolean {
    return existsSync(this.file);
  }

  /** The stored key, or null (also when it can no longer be decrypted). */
  read(): string | null {
    if (!this.has() || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(readFileSync(this.file));
    } catch {
      return null;
    }
  }

  /** Encrypts and stores a key; refuses when the OS offers no encryption at all. */
  write(key: string): void {
    if (!safeStorage.isEncryptionAvailable())
      throw new RefusedError(
        'no_encryption',
        'this system offers no encryption for secrets, so the Stripe key cannot be stored: set STRIPE_SECRET_KEY in the environment instead',
      );
    if (keyProtection() === 'basic_text')
      console.warn('[burnrate] safeStorage uses the basic_text backend: the Stripe key is only obfuscated, not encrypted by a keyring.');
    writeFileSync(this.file, safeStorage.encryptString(key), { mode: 0o600 });
  }

  /** Forgets the key. */
  clear(): void {
    rmSync(this.file, { force: true });
  }
}
