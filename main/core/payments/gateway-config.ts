import { RefusedError } from '../errors.js';

/** Where payments go, decided from the environment (or the app's stored key). */
export type GatewayConfig =
  | { mode: 'sandbox' }
  | { mode: 'custom'; apiKey: string; host: string; port: number; protocol: 'http' | 'https' }
  | { mode: 'stripe-test'; apiKey: string }
  | { mode: 'stripe-live'; apiKey: string };

/** The key sent to a custom server (`BURNRATE_STRIPE_API`, e.g. `sandbox serve`) when the user gave none; the app's own sandbox takes only its data folder's key (main/compose/sandbox-key.ts). */
export const SANDBOX_API_KEY = 'sk_test_burnrate_sandbox';

/** Why a live key is refused: the SPEC's payments-modes rule in words a user can act on. */
export const LIVE_KEY_REFUSAL =
  "live Stripe keys (sk_live_/rk_live_) are accepted only by a team server (`burnrate server`, which takes payments for every desktop of the org): a desktop must not hold the merchant's secret key. Connect to a team server (--server, or Settings → Team server), or use a test key (sk_test_…) or no key for the built-in sandbox.";

/** True for a live secret or restricted key (sk_live_…, rk_live_…). */
export function isLiveKey(key: string): boolean {
  return /^(sk|rk)_live_[A-Za-z0-9_]+$/.test(key.trim());
}

/** Refuses malformed keys, and live ones unless `liveKeys` (the team server); returns the usable key. */
export function checkSecretKey(key: string, opts: { liveKeys?: boolean } = {}): string {
  const k = key.trim();
  if (opts.liveKeys && isLiveKey(k)) return k;
  if (/^(sk|rk)_live_/.test(k)) throw new RefusedError('live_key_refused', LIVE_KEY_REFUSAL);
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(k)) {
    throw new RefusedError('invalid_stripe_key', 'the Stripe key must be a test secret key (sk_test_…)');
  }
  return k;
}

/**
 * Reads the payments mode: `BURNRATE_STRIPE_API` points the SDK at any
 * Stripe-compatible server; else a `STRIPE_SECRET_KEY` (or the app's stored
 * key) selects Stripe test mode; else the built-in sandbox.
 */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv, storedKey: string | null = null, opts: { liveKeys?: boolean } = {}): GatewayConfig {
  const key = env.STRIPE_SECRET_KEY?.trim() || storedKey?.trim() || '';
  const api = env.BURNRATE_STRIPE_API?.trim();
  if (api) {
    let url: URL;
    try {
      url = new URL(api);
    } catch {
      throw new RefusedError('invalid_stripe_api', `BURNRATE_STRIPE_API must be a URL like http://127.0.0.1:12111, got '${api}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RefusedError('invalid_stripe_api', `BURNRATE_STRIPE_API must be http:// or https://, got '${api}'`);
    }
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
    return { mode: 'custom', apiKey: key ? checkSecretKey(key, opts) : SANDBOX_API_KEY, host: url.hostname, port, protocol };
  }
  if (key) {
    const checked = checkSecretKey(key, opts);
    return isLiveKey(checked) ? { mode: 'stripe-live', apiKey: checked } : { mode: 'stripe-test', apiKey: checked };
  }
  return { mode: 'sandbox' };
}
