/** A `stripe` SDK client pointed at a running sandbox (for tests and scripts: the app's own gateway is compose/open-gateway.ts). */
import Stripe from 'stripe';

/** Builds a Stripe client for the sandbox at `handle` (retries off, so tests see every failure). */
export function sandboxStripeClient(handle: { port: number }, apiKey = 'sk_test_sandbox'): Stripe {
  return new Stripe(apiKey, { host: '127.0.0.1', port: handle.port, protocol: 'http', maxNetworkRetries: 0 });
}
