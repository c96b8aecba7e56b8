import { createHash, randomBytes } from 'node:crypto';

/** Every member token starts with this, so one pasted into a chat or a log is recognisable (and scannable). */
export const TOKEN_PREFIX = 'brt_';

/** A member token is the prefix and 32 random bytes in base64url (43 characters). */
const TOKEN_RE = /^brt_[A-Za-z0-9_-]{43}$/;

/** A fresh member token (256 random bits). It is shown once; only its hash is stored. */
export function newMemberToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** True when `text` has the shape of a member token (checked before any lookup). */
export function isTokenShaped(text: unknown): text is string {
  return typeof text === 'string' && TOKEN_RE.test(text);
}

/**
 * The stored form of a token: its SHA-256, hex. A token carries 256 random
 * bits, so a plain fast hash is enough (no salt or slow hash: nothing to guess),
 * and looking a token up by its hash leaks nothing through timing.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
