import { create } from 'zustand';
import { request, requestOptional } from '../../api/client';
import { RequestFailed } from '../../api/api-error';
import type { AutoRefillSettings, CreditPack, PurchaseReply, SavedCard } from '../../api/types';
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
  buy(credits: number, cardId: string): Promise<PurchaseReply | null>;
  checkout(credits: number): Promise<void>;
  syncPayments(): Promise<void>;
  addCard(paymentMethodId: string): Promise<void>;
  removeCard(cardId: string): Promise<void>;
  setDefault(cardId: string): Promise<void>;
  saveAutoRefill(patch: Partial<AutoRefillSettings>): Promise<void>;
  redeem(code: string): Promise<void>;
}

/** Opens a payment page: through the shell in Electron, a new tab in a browser. */
async function openExternal(url: string): Promise<void> {
  const r = await requestOptional('shell/openExternal', { url });
  if (!r?.opened) window.open(url, '_blank', 'noopener');
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
  async buy(credits, cardId) {
    set({ busy: true, purchase: { tone: 'info', text: `Charging ${formatCredits(credits)}…` } });
    try {
      const r = await request('payments/purchase', { credits, cardId }, { inline: true });
      const tone = r.status === 'succeeded' ? 'ok' : r.status === 'failed' ? 'error' : 'info';
      set({ purchase: { tone, text: r.message } });
      if (r.status === 'requires_action' && r.actionUrl) await openExternal(r.actionUrl);
      return r;
    } catch (err) {
      set({ purchase: { tone: 'error', text: err instanceof RequestFailed ? err.message : 'The purchase failed.' } });
      return null;
    } finally {
      set({ busy: false });
    }
  },
  async checkout(credits) {
    const r = await request('payments/checkout', { credits });
    set({ purchase: { tone: 'info', text: 'Finish the payment in your browser; the credits appear here as soon as it succeeds.' } });
    await openExternal(r.url);
  },
  async syncPayments() {
    const r = await request('payments/sync', {});
    toast(r.applied > 0 ? 'success' : 'info', r.applied > 0 ? `${r.applied} payment${r.applied === 1 ? '' : 's'} applied. Balance ${formatCredits(r.balance)}.` : 'Nothing new from the payment provider yet.');
  },
  async addCard(paymentMethodId) {
    const card = await request('payments/addCard', { paymentMethodId });
    toast('success', `${card.brand} ••${card.last4} saved.`);
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

