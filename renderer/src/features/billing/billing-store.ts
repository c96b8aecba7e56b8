import { create } from 'zustand';
import { request, requestOptional } from '../../api/client';
import { RequestFailed } from '../../api/api-error';
import type { AutoRefillSettings, CheckoutInput, CreditPack, PurchaseReply, SavedCard } from '../../api/types';
import { toast } from '../../app/toast-store';
import { formatCredits } from '../../format/credits';

/** The outcome line under the buy buttons / coupon field. */
export interface Outcome {
  tone: 'ok' | 'error' | 'info';
  text: string;
}

interface BillingState {
  packs: CreditPack[] | null;
  cards: SavedCard[] | null;
  autoRefill: AutoRefillSettings | null;
  purchase: Outcome | null;
  coupon: Outcome | null;
  busy: boolean;
  load(): Promise<void>;
  /** A pack (`credits`) or a custom amount as typed (`usd`: the engine parses it). */
  buy(amount: CheckoutInput, cardId: string): Promise<PurchaseReply | null>;
  checkout(amount: CheckoutInput): Promise<void>;
  syncPayments(): Promise<void>;
  addCard(paymentMethodId: string): Promise<void>;
  removeCard(cardId: string): Promise<void>;
  setDefault(cardId: string): Promise<void>;
  saveAutoRefill(patch: Partial<AutoRefillSettings>): Promise<void>;
  redeem(code: string): Promise<void>;
}

/** Opens a payment page: through the shell in Electron, a new tab in a browser. */
export async function openExternal(url: string): Promise<void> {
  const r = await requestOptional('shell/openExternal', { url });
  if (!r?.opened) window.open(url, '_blank', 'noopener');
}

const POLL_MS = 3000;
const GIVE_UP_MS = 30 * 60_000;

/**
 * Follows a Checkout purchase until its credits are in (or it expired/failed).
 * The engine's status call syncs with Stripe, so this is how the app learns of a
 * payment made in the browser even without the events feed.
 */
function watchCheckout(sessionId: string, report: (o: Outcome) => void): void {
  const started = Date.now();
  const tick = async () => {
    try {
      const st = await request('payments/checkoutStatus', { sessionId });
      if (st.status === 'complete')
        return report({ tone: 'ok', text: `Added ${formatCredits(st.credits)} from the browser payment. Balance ${formatCredits(st.balance)}.` });
      if (st.status === 'expired') return report({ tone: 'error', text: 'The browser payment page expired before it was paid. Nothing was charged.' });
      if (st.status === 'failed') return report({ tone: 'error', text: 'The browser payment failed. Nothing was added.' });
    } catch {
      return; // toasted by the api layer
    }
    if (Date.now() - started < GIVE_UP_MS) setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}

/** Answers that leave a purchase's outcome unknown: a Buy clicked again retries the same purchase, never a second one. */
const OUTCOME_UNKNOWN = new Set(['payment_pending', 'server_connection_lost', 'internal']);

/**
 * The purchase whose answer was lost (its amount and card, and the request
 * key it went with): Buy again with the same amount and card sends the same
 * key, so the engine resumes that payment instead of charging twice.
 */
let unanswered: { what: string; requestKey: string } | null = null;

/** The request key for buying `what` now: the unanswered purchase's, or a new one. */
function requestKeyFor(what: string): string {
  if (unanswered?.what !== what) unanswered = { what, requestKey: `ui:${crypto.randomUUID()}` };
  return unanswered.requestKey;
}

/** The billing slice: packs, cards, purchases, checkout, auto-refill, coupons. */
export const useBilling = create<BillingState>((set) => ({
  packs: null,
  cards: null,
  autoRefill: null,
  purchase: null,
  coupon: null,
  busy: false,
  async load() {
    const [packs, cards, autoRefill] = await Promise.all([
      requestOptional('payments/packs', {}),
      requestOptional('payments/cards', {}),
      requestOptional('payments/getAutoRefill', {}),
    ]);
    set({ packs, cards, autoRefill });
  },
  async buy(amount, cardId) {
    set({ busy: true, purchase: { tone: 'info', text: 'Charging your card…' } });
    const what = JSON.stringify([amount, cardId ?? null]);
    try {
      const r = await request('payments/purchase', { ...amount, cardId, requestKey: requestKeyFor(what) }, { inline: true });
      unanswered = null;
      const tone = r.status === 'succeeded' ? 'ok' : r.status === 'failed' ? 'error' : 'info';
      set({ purchase: { tone, text: r.message } });
      if (r.status === 'requires_action' && r.actionUrl) await openExternal(r.actionUrl);
      return r;
    } catch (err) {
      // A refusal is an answer (the next Buy is a new purchase); a lost answer keeps the key for the retry.
      if (err instanceof RequestFailed && !OUTCOME_UNKNOWN.has(err.code)) unanswered = null;
      set({ purchase: { tone: 'error', text: err instanceof RequestFailed ? err.message : 'The purchase failed.' } });
      return null;
    } finally {
      set({ busy: false });
    }
  },
  async checkout(amount) {
    const r = await request('payments/checkout', amount);
    set({ purchase: { tone: 'info', text: 'Finish the payment in your browser; the credits appear here as soon as it succeeds.' } });
    await openExternal(r.url);
    if (r.sessionId) watchCheckout(r.sessionId, (o) => set({ purchase: o }));
  },
  async syncPayments() {
    const r = await request('payments/sync', {});
    toast(
      r.applied > 0 ? 'success' : 'info',
      r.applied > 0
        ? `${r.applied} payment${r.applied === 1 ? '' : 's'} applied. Balance ${formatCredits(r.balance)}.`
        : 'Nothing new from the payment provider yet.',
    );
  },
  async addCard(paymentMethodId) {
    const card = await request('payments/addCard', { paymentMethodId });
    toast('success', `${card.label} saved.`);
    set({ cards: await request('payments/cards', {}) });
  },
  async removeCard(cardId) {
    set({ cards: await request('payments/removeCard', { cardId }) });
  },
  async setDefault(cardId) {
    set({ cards: await request('payments/setDefaultCard', { cardId }) });
  },
  async saveAutoRefill(patch) {
    const autoRefill = await request('payments/setAutoRefill', patch);
    set({ autoRefill });
    toast('success', autoRefill.enabled ? 'Auto-refill saved.' : 'Auto-refill is off.');
  },
  async redeem(code) {
    set({ coupon: null });
    try {
      const r = await request('coupons/redeem', { code }, { inline: true });
      const resumed = r.resumed.length ? ` ${r.resumed.length} paused deployment${r.resumed.length === 1 ? '' : 's'} resumed.` : '';
      set({ coupon: { tone: 'ok', text: `Added ${formatCredits(r.entry.credits)}. Balance ${formatCredits(r.balance)}.${resumed}` } });
    } catch (err) {
      set({ coupon: { tone: 'error', text: err instanceof RequestFailed ? err.message : 'The coupon could not be redeemed.' } });
    }
  },
}));
