import { describe, expect, it } from 'vitest';
import { isTokenShaped, newMemberToken, TOKEN_PREFIX, tokenHash } from '../../main/server/tokens.js';

describe('member tokens: random, recognisable, stored only as a hash', () => {
  it('a token is brt_ and 32 random bytes (base64url), different every time', () => {
    const tokens = Array.from({ length: 50 }, () => newMemberToken());
    for (const t of tokens) {
      expect(t.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(Buffer.from(t.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
      expect(isTokenShaped(t)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('the stored hash is SHA-256 hex, the same for the same token, and does not contain it', () => {
    const t = newMemberToken();
    expect(tokenHash(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(t)).toBe(tokenHash(t));
    expect(tokenHash(t)).not.toBe(tokenHash(newMemberToken()));
    expect(tokenHash(t)).not.toContain(t.slice(TOKEN_PREFIX.length, 20));
  });

  it.each([
    ['', false],
    ['brt_', false],
    [`brt_${'a'.repeat(42)}`, false],
    [`brt_${'a'.repeat(44)}`, false],
    [`xyz_${'a'.repeat(43)}`, false],
    [`brt_${'a'.repeat(42)}=`, false],
    [`brt_${'a'.repeat(42)} `, false],
    [`brt_${'A-_9'.repeat(10)}abc`, true],
    [42, false],
  ])('isTokenShaped(%j) is %s', (text, expected) => {
    expect(isTokenShaped(text)).toBe(expected);
  });
});
