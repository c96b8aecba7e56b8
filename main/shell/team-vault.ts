import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TeamVault } from '../compose/team-switch.js';

/** The part of Electron's safeStorage the vault uses (a fake in tests: the Electron binary is not needed). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring, a key known to everyone. */
  getSelectedStorageBackend?(): string;
}

/** Whether the cipher protects a secret for real: on Linux without a keyring safeStorage "encrypts" with a public key. */
function protects(cipher: SecretCipher, platform: NodeJS.Platform): boolean {
  if (!cipher.isEncryptionAvailable()) return false;
  return !(platform === 'linux' && cipher.getSelectedStorageBackend?.() === 'basic_text');
}

/** The file the team server connection is kept in, inside the data folder. */
export const TEAM_VAULT_FILE = 'team-server.bin';

/**
 * The desktop's team server connection (URL and member token), encrypted with
 * safeStorage in the data folder (0600), so the app reconnects after a
 * restart. It lives only in the main process: no channel returns the token,
 * nothing logs it. Where the OS offers no real encryption (none at all, or
 * Linux without a keyring, whose `basic_text` key is public) it is kept in
 * memory for this run only (the user connects again after a restart) rather
 * than written as good as in the clear.
 */
export class SafeStorageTeamVault implements TeamVault {
  private readonly file: string;
  private memory: { url: string; token: string } | null = null;

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
    private readonly warn: (line: string) => void = (line) => console.warn(line),
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.file = path.join(dataDir, TEAM_VAULT_FILE);
  }

  /** The saved connection, or null (none, or one this system can no longer decrypt). */
  read(): { url: string; token: string } | null {
    if (this.memory) return this.memory;
    if (!existsSync(this.file) || !protects(this.cipher, this.platform)) return null;
    try {
      const saved = JSON.parse(this.cipher.decryptString(readFileSync(this.file))) as { url?: unknown; token?: unknown };
      return typeof saved.url === 'string' && typeof saved.token === 'string' ? { url: saved.url, token: saved.token } : null;
    } catch {
      return null;
    }
  }

  write(conn: { url: string; token: string }): void {
    if (!protects(this.cipher, this.platform)) {
      this.memory = { url: conn.url, token: conn.token };
      this.warn('[burnrate] this system offers no keyring to encrypt secrets with: the team server connection is kept for this run only.');
      return;
    }
    this.memory = null;
    writeFileSync(this.file, this.cipher.encryptString(JSON.stringify({ url: conn.url, token: conn.token })), { mode: 0o600 });
    // The mode above applies to a new file only: one left by an older version or another tool is narrowed too.
    chmodSync(this.file, 0o600);
  }

  clear(): void {
    this.memory = null;
    rmSync(this.file, { force: true });
  }
}
