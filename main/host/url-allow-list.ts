/**
 * Which URLs Burnrate may hand to the system browser: Stripe's hosted pages
 * (Checkout, receipts, 3-D Secure) over https on their exact host names, and
 * the built-in sandbox's own checkout / authentication / receipt pages on its
 * loopback origin. Everything else (javascript:, file:, lookalike or userinfo
 * tricks, other ports) is refused.
 */

/** Stripe's hosts that serve pages the card holder must see. Exact matches only. */
const STRIPE_HOSTS = new Set(['checkout.stripe.com', 'pay.stripe.com', 'hooks.stripe.com']);
/** The sandbox pages a user may open (main/stripe-sandbox/pages.ts). */
const SANDBOX_PATHS = /^\/(checkout|authenticate|receipts)\/[A-Za-z0-9_]+\/?$/;

export interface AllowListOptions {
  /** The running sandbox's origin, e.g. "http://127.0.0.1:43127"; omitted when payments use real Stripe. */
  sandboxOrigin?: string | null;
}

/** Parses `raw` and returns the normalised URL when it may be opened externally, else null. */
export function allowedExternalUrl(raw: unknown, opts: AllowListOptions = {}): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  // Control characters and whitespace are never part of a URL we produce
  // (the URL parser would silently strip some of them, hiding a trick).
  for (const ch of raw) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) return null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:' && url.port === '' && STRIPE_HOSTS.has(url.hostname)) return url.href;
  if (opts.sandboxOrigin && isSandboxPage(url, opts.sandboxOrigin)) return url.href;
  return null;
}

/** True when `url` is a checkout/authenticate/receipt page of the loopback sandbox. */
function isSandboxPage(url: URL, sandboxOrigin: string): boolean {
  let origin: URL;
  try {
    origin = new URL(sandboxOrigin);
  } catch {
    return false;
  }
  if (origin.protocol !== 'http:' || origin.hostname !== '127.0.0.1') return false;
  return url.origin === origin.origin && SANDBOX_PATHS.test(url.pathname);
}
