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
export type IdPrefix = 'cus' | 'pm' | 'pi' | 'ch' | 're' | 'evt' | 'cs_test' | 'li' | 'req' | 'price' | 'prod';

/** A new object id, e.g. `pi_3Q…` (24 random characters; checkout ids are longer like Stripe's). */
export function newId(prefix: IdPrefix): string {
  if (prefix === 'cs_test') return `cs_test_a1${base62(56)}`;
  if (prefix === 'req') return `req_${base62(14)}`;
  if (prefix === 'cus') return `cus_${base62(14)}`;
  return `${prefix}_${base62(24)}`;
}

/** A client secret for a PaymentIntent, shaped like Stripe's `<id>_secret_<random>`. */
export function clientSecret(id: string): string {
  return `${id}_secret_${base62(25)}`;
}

/** A stable card fingerprint: the same test card always gets the same one, as in Stripe. */
export function cardFingerprint(brand: string, last4: string): string {
  return createHash('sha256').update(`${brand}:${last4}`).digest('base64url').slice(0, 16);
}
