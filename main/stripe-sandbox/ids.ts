/** Stripe-looking identifiers: a type prefix and a random base62 tail. */
import { randomBytes, createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text of the given length (rejection-sampled so every symbol is equally likely). */
export function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Prefixes of the objects the sandbox creates, as Stripe spells them. */
export type IdPrefix = 'acct' | 'we' | 'cus' | 'pm' | 'pi' | 'seti' | 'ch' | 're' | 'evt' | 'cs_test' | 'li' | 'req' | 'price' | 'prod';

/** A new object id, e.g. `pi_3Q…` (24 random characters; checkout ids are longer like Stripe's). */
export function newId(prefix: IdPrefix): string {
  if (prefix === 'cs_test') return `cs_test_a1${base62(56)}`;
  if (prefix === 'req') return `req_${base62(14)}`;
  if (prefix === 'cus') return `cus_${base62(14)}`;
  if (prefix === 'acct') return `acct_${base62(16)}`;
  return `${prefix}_${base62(24)}`;
}

/** A client secret for a PaymentIntent or SetupIntent, shaped like Stripe's `<id>_secret_<random>`. */
export function clientSecret(id: string): string {
  return `${id}_secret_${base62(25)}`;
}

/** A stable card fingerprint: the same test card always gets the same one, alphanumeric like Stripe's. */
export function cardFingerprint(brand: string, last4: string): string {
  const digest = createHash('sha256').update(`${brand}:${last4}`).digest();
  // A slight modulo bias is harmless here: the value only has to be stable and look like Stripe's.
  return Array.from(digest.subarray(0, 16), (b) => ALPHABET[b % 62]).join('');
}
