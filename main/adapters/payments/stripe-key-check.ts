/** A harmless call that tells whether Stripe takes a secret key, without paying or changing anything. */

/** What Stripe said of a key: taken, refused (bad or revoked key), or not reachable now. */
export type KeyCheck = { outcome: 'ok' } | { outcome: 'refused' | 'unreachable'; message: string };

/** Reads the account's balance once (no retries, 10 s): the cheapest call every secret key may make. */
export async function checkStripeKey(apiKey: string, timeoutMs = 10_000): Promise<KeyCheck> {
  const { default: Stripe } = await import('stripe');
  try {
    await new Stripe(apiKey, { maxNetworkRetries: 0, timeout: timeoutMs, appInfo: { name: 'Burnrate' } }).balance.retrieve();
    return { outcome: 'ok' };
  } catch (err) {
    if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
      return { outcome: 'refused', message: err.message };
    }
    return { outcome: 'unreachable', message: err instanceof Error ? err.message : String(err) };
  }
}
