import { create } from 'zustand';
import { request } from '../../api/client';
import { toast } from '../../app/toast-store';
import { openExternal, useBilling, type Outcome } from './billing-store';

const POLL_MS = 2000;
const GIVE_UP_MS = 30 * 60_000;

interface CardSetupState {
  /** The line under "Add card": what to do in the browser, a declined try, the card saved. */
  outcome: Outcome | null;
  busy: boolean;
  /** Opens the card page (Checkout in setup mode) in the browser and follows it until a card is saved or it expires. */
  addCard(): Promise<void>;
}

/**
 * Adding a card in the browser: the app never takes a card number. The engine
 * opens a setup page; this follows it (each poll asks Stripe and saves the
 * card once) and shows the card when it is saved.
 */
export const useCardSetup = create<CardSetupState>((set) => ({
  outcome: null,
  busy: false,
  async addCard() {
    set({ busy: true });
    try {
      const r = await request('payments/setupCard', {});
      set({ outcome: { tone: 'info', text: 'Add the card on the page that opened in your browser; it appears here once it is saved.' } });
      await openExternal(r.url);
      watch(r.sessionId, (o) => set({ outcome: o }));
    } finally {
      set({ busy: false });
    }
  },
}));

function watch(sessionId: string, report: (o: Outcome) => void): void {
  const started = Date.now();
  const tick = async () => {
    try {
      const st = await request('payments/cardSetupStatus', { sessionId });
      if (st.status === 'complete') {
        useBilling.setState({ cards: await request('payments/cards', {}) });
        const what = st.card ? st.card.label : 'The card';
        toast('success', `${what} saved.`);
        return report({ tone: 'ok', text: `${what} saved${st.card?.isDefault ? ' as the default card' : ''}.` });
      }
      if (st.status === 'expired')
        return report({ tone: 'error', text: 'The card page expired before a card was saved. Nothing was saved: use Add card to try again.' });
      // A declined try is not the end: the page lets the user try another card.
      if (st.lastDecline) report({ tone: 'info', text: `${st.lastDecline} The card page is still open: try another card there.` });
    } catch {
      return; // toasted by the api layer
    }
    if (Date.now() - started < GIVE_UP_MS) setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}
