import { allowedExternalUrl } from '../host/url-allow-list.js';

/** What a tray "Buy credits ▸ pack" click ends in. */
export type TrayBuyOutcome =
  | { type: 'opened'; url: string }
  /** The Checkout URL is not one the allow-list accepts: it is not opened; the billing view is shown instead. */
  | { type: 'refused'; url: string }
  /** Checkout could not start (no network, Stripe refused): the billing view is shown with the reason. */
  | { type: 'failed'; message: string };

/** What the tray's buy action needs from the shell (plain functions, so the decision is testable without Electron). */
export interface TrayBuyDeps {
  /** Starts a Checkout purchase for `credits` (services.payments.checkout). */
  checkout(credits: number): Promise<{ url: string }>;
  /** The running sandbox's loopback origin, or null with real Stripe. */
  sandboxOrigin(): string | null;
  openExternal(url: string): Promise<void>;
  /** Shows the billing view (where the user can retry or pay with a saved card). */
  showBilling(): void;
}

/** Which Checkout URL may be opened: exactly what the shared allow-list accepts, with the sandbox's own origin. */
export function checkoutUrlToOpen(url: string, sandboxOrigin: string | null): string | null {
  return allowedExternalUrl(url, { sandboxOrigin });
}

/**
 * Tray "Buy credits ▸ pack": starts a Checkout for the pack and opens its page
 * in the system browser, only through the allow-list. Anything else shows the
 * billing view rather than failing silently.
 */
export async function buyFromTray(credits: number, deps: TrayBuyDeps): Promise<TrayBuyOutcome> {
  let url: string;
  try {
    url = (await deps.checkout(credits)).url;
  } catch (err) {
    deps.showBilling();
    return { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  // Read after checkout: the sandbox starts (and gets its port) on first use.
  const allowed = checkoutUrlToOpen(url, deps.sandboxOrigin());
  if (!allowed) {
    deps.showBilling();
    return { type: 'refused', url };
  }
  await deps.openExternal(allowed);
  return { type: 'opened', url: allowed };
}
