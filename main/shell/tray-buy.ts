import { randomUUID } from 'node:crypto';
import { isRefused } from '../core/errors.js';
import { purchaseQuestion } from '../core/payments/purchase-question.js';
import { allowedExternalUrl } from '../host/url-allow-list.js';

/** What a tray "Buy credits ▸ pack" click ends in. */
export type TrayBuyOutcome =
  /** The user said no to the question: nothing was charged or opened. */
  | { type: 'cancelled' }
  /** Paid with the saved card. */
  | { type: 'bought'; credits: number }
  | { type: 'opened'; url: string }
  /** The URL (Checkout, or the bank's check) is not one the allow-list accepts: it is not opened; the billing view is shown instead. */
  | { type: 'refused'; url: string }
  /** The purchase could not be made (declined, no network, Stripe refused): the reason is shown, then the billing view. */
  | { type: 'failed'; message: string };

/** The saved card a tray purchase pays with. */
export interface TrayCard {
  id: string;
  brand: string | null;
  last4: string | null;
}

/** What the tray's buy action needs from the shell (plain functions, so the decision is testable without Electron). */
export interface TrayBuyDeps {
  /** The default saved card, or null: then the purchase goes through Checkout in the browser. */
  defaultCard(): TrayCard | null;
  /** Asks the user (a native dialog); true for yes. */
  confirm(question: string, confirmLabel: string): Promise<boolean>;
  /**
   * Buys `credits` with the saved card (services.payments.buy); refusals (a decline) reject. `requestKey` is the
   * purchase's own: sent again after a lost answer, it finishes that purchase instead of paying twice.
   */
  buy(credits: number, cardId: string, requestKey: string): Promise<{ status: string; actionUrl: string | null }>;
  /** Starts a Checkout purchase for `credits` (services.payments.checkout). */
  checkout(credits: number): Promise<{ url: string }>;
  /** The running sandbox's loopback origin, or null with real Stripe. */
  sandboxOrigin(): string | null;
  openExternal(url: string): Promise<void>;
  /** Tells the user why a purchase did not go through (a native message). */
  inform(message: string): void;
  /** Shows the billing view (where the user can retry or pay another way). */
  showBilling(): void;
}

/** Which Checkout URL may be opened: exactly what the shared allow-list accepts, with the sandbox's own origin. */
export function checkoutUrlToOpen(url: string, sandboxOrigin: string | null): string | null {
  return allowedExternalUrl(url, { sandboxOrigin });
}

/** Opens `url` through the allow-list, or shows the billing view. */
async function openOrBilling(url: string, deps: TrayBuyDeps): Promise<TrayBuyOutcome> {
  // Read after the payment call: the sandbox starts (and gets its port) on first use.
  const allowed = checkoutUrlToOpen(url, deps.sandboxOrigin());
  if (!allowed) {
    deps.showBilling();
    return { type: 'refused', url };
  }
  await deps.openExternal(allowed);
  return { type: 'opened', url: allowed };
}

/** Refusals after which the purchase may still have gone through: its key is kept for the next try. */
const OUTCOME_UNKNOWN: ReadonlySet<string> = new Set(['payment_pending', 'server_connection_lost']);

/**
 * The tray purchase whose outcome is not known (no answer from Stripe, the
 * team server's answer lost): buying the same credits with the same card
 * again sends its key, so the engine finishes it instead of paying twice
 * (as the app's Buy does, docs/server.md "Purchases sent again").
 */
let unanswered: { credits: number; cardId: string; requestKey: string } | null = null;

function requestKeyFor(credits: number, cardId: string): string {
  if (unanswered?.credits !== credits || unanswered.cardId !== cardId) unanswered = { credits, cardId, requestKey: `tray:${randomUUID()}` };
  return unanswered.requestKey;
}

/**
 * Tray "Buy credits ▸ pack": asks first, naming the credits, the dollars and
 * the card ("Buy 2,000 credits for $20.00 with Visa ••4242?"). With a saved
 * default card it pays with it (a bank's check opens in the browser); without
 * one it opens Checkout, where the card is chosen. Nothing fails silently.
 */
export async function buyFromTray(credits: number, deps: TrayBuyDeps): Promise<TrayBuyOutcome> {
  const card = deps.defaultCard();
  if (!(await deps.confirm(purchaseQuestion(credits, card), card ? 'Buy' : 'Continue to payment'))) return { type: 'cancelled' };
  try {
    if (card) {
      const r = await deps.buy(credits, card.id, requestKeyFor(credits, card.id)).catch((err: unknown) => {
        // A refusal is an answer (the next Buy is a new purchase); anything else may have charged, so the key is kept.
        if (isRefused(err) && !OUTCOME_UNKNOWN.has(err.code)) unanswered = null;
        throw err;
      });
      unanswered = null;
      if (r.status === 'requires_action' && r.actionUrl) return await openOrBilling(r.actionUrl, deps);
      return { type: 'bought', credits };
    }
    return await openOrBilling((await deps.checkout(credits)).url, deps);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.inform(message);
    deps.showBilling();
    return { type: 'failed', message };
  }
}
