import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import type { LedgerEntry } from '../ledger/entry-types.js';
import type { RefillAttempt, RefillCardChange } from './auto-refill.js';
import type { CardSetupStart, CardSetupState } from './card-setup.js';
import type { GatewayEvent, PaymentGateway } from './gateway.js';
import type { PaymentNotice } from './notices.js';
import { type PaymentParts, wirePayments } from './payment-parts.js';
import { resolvablePending } from './payment-store.js';
import { emptySyncReport, type SyncReport } from './payment-sync.js';
import type { BuyResult, CheckoutResult } from './purchases.js';
import { type ReceiptData, receiptData, receiptsBetween } from './receipts.js';
import type { RefillInput, RefillView } from './refill-control.js';
import type { SavedCard } from './saved-cards.js';
import { throwSyncFailure } from './sync-refusal.js';

export type { RefillInput, RefillView } from './refill-control.js';

/** Where a Checkout purchase stands (`credits checkout --wait`). */
export interface CheckoutState {
  sessionId: string;
  status: 'open' | 'complete' | 'expired' | 'failed';
  credits: number;
  paymentIntent: string | null;
  balance: number;
  /** The ledger entry the purchase credited, once it did. */
  entry: LedgerEntry | null;
}

/** What a background sync would find to do (the hosts' schedule and the payments-mode switch ask). */
export interface PaymentsWaiting {
  /** A Checkout purchase or a card setup page started here is still open in the browser. */
  browserPageOpen: boolean;
  /** Payments on the backend in use whose outcome is unknown (`pending`): only that backend can resolve them. */
  outcomeUnknown: number;
  /** Payments on the backend in use waiting for the card holder (`requires_action`). */
  awaitingAction: number;
}

/**
 * Payments in the engine, the one door hosts use: saved cards, purchases,
 * Checkout, auto-refill, sync, refunds and receipts. The gateway opens on
 * first use (the sandbox starts only when something pays). The collaborators
 * behind it (payment-parts.ts) are not exposed: every host calls these methods.
 */
export class Payments {
  private syncQueue: Promise<unknown> = Promise.resolve();

  /** Wires payments onto the engine, reaching the backend through `openGateway` when something pays. */
  static open(engine: Engine, openGateway: () => Promise<PaymentGateway>): Payments {
    return new Payments(wirePayments(engine, openGateway));
  }

  /** Over already wired parts (the payments module's own tests reach the parts too). */
  constructor(private readonly parts: PaymentParts) {}

  private get engine(): Engine {
    return this.parts.engine;
  }

  /**
   * The loopback origin of the in-process sandbox when it is the open gateway,
   * else null: the shell allows exactly this origin's checkout pages.
   */
  sandboxOrigin(): string | null {
    return this.parts.session.sandboxOrigin();
  }

  /** The active payments backend's identity (a Stripe account id, or the server's address), once the gateway opened. */
  backend(): string | null {
    return this.parts.session.backend();
  }

  /** True once the account has a Stripe customer on the active backend: before that, Stripe has nothing of ours. */
  hasAccount(): boolean {
    return this.parts.account.customerId() !== null;
  }

  /** The receipt email and the Stripe customer (null before the first payment made one). */
  account(): { email: string | null; customer: string | null } {
    return { email: this.parts.account.email(), customer: this.parts.account.customerId() };
  }

  /** Sets the receipt email (null clears it). */
  setEmail(email: string | null): Promise<string | null> {
    return this.parts.account.setEmail(email, () => this.parts.session.gateway());
  }

  /** Subscribes to payment notices (refill succeeded/failed/capped/needs action, auto-refill off, reconciliation). */
  onNotice(fn: (n: PaymentNotice) => void): () => void {
    return this.parts.notices.on(fn);
  }

  /** The saved cards of the backend in use (opens the gateway first when there may be cards to swap in). */
  listCards(): Promise<SavedCard[]> {
    return this.parts.cardActions.list();
  }

  /** The saved cards as stored now, without asking the backend (the default first). */
  savedCards(): SavedCard[] {
    return this.parts.cards.list();
  }

  /** The default card as stored now, or null. */
  defaultCard(): SavedCard | null {
    return this.parts.cards.defaultCard() ?? null;
  }

  /** Attaches a card (a `pm_…` id, e.g. Stripe's test `pm_card_visa`) to the account's customer and saves it. */
  addCard(paymentMethod: string): Promise<SavedCard> {
    return this.parts.cardActions.add(paymentMethod);
  }

  /** Removes a saved card; says what became of auto-refill (fell back to the default card, or turned off). */
  removeCard(id: string): Promise<SavedCard & { refill: RefillCardChange }> {
    return this.parts.cardActions.remove(id);
  }

  /** Makes a saved card the default. */
  setDefaultCard(id: string): Promise<SavedCard> {
    return this.parts.cardActions.setDefault(id);
  }

  /** Opens a card setup page (Checkout in setup mode) for adding a card in the browser. */
  startCardSetup(): Promise<CardSetupStart> {
    return this.parts.cardSetups.start();
  }

  /** Where a card setup stands; a completed one saves its card (once). */
  cardSetupStatus(sessionId: string): Promise<CardSetupState> {
    return this.parts.cardSetups.status(sessionId);
  }

  /** Buys whole `credits` (how the app's layers pass money), a pack or a USD amount as typed, with a card. */
  async buy(input: { credits?: number; pack?: string; usd?: string; card?: string; requestKey?: string }): Promise<BuyResult> {
    try {
      return await this.parts.purchases.buy(input);
    } catch (err) {
      throw this.parts.gone.refusal(err);
    } finally {
      await this.parts.refill.runIfArmed(this.engine.now());
      this.parts.notices.flush();
    }
  }

  /** Opens a Checkout session for a browser purchase. */
  async checkout(input: { credits?: number; pack?: string; usd?: string }): Promise<CheckoutResult> {
    try {
      return await this.parts.purchases.checkout(input);
    } catch (err) {
      throw this.parts.gone.refusal(err);
    }
  }

  /**
   * Where a Checkout purchase started here stands, asking Stripe while it is
   * open: a completed session is credited (exactly once, whichever path
   * reports it first), an expired one closed. Refuses an unknown session.
   */
  async checkoutStatus(sessionId: string): Promise<CheckoutState> {
    const { store, syncer, notices } = this.parts;
    const known = store.bySession(typeof sessionId === 'string' ? sessionId.trim() : '');
    if (!known) throw new RefusedError('unknown_checkout', `no Checkout purchase ${String(sessionId)} was started here`);
    if (known.status === 'open') await syncer.pollCheckout(known);
    notices.flush();
    const p = store.get(known.id)!;
    const status = p.status === 'succeeded' ? 'complete' : p.status === 'canceled' ? 'expired' : p.status === 'failed' ? 'failed' : 'open';
    return {
      sessionId: known.checkoutSession!,
      status,
      credits: p.credits,
      paymentIntent: p.paymentIntent,
      balance: this.engine.ledger.balance(),
      entry: this.creditedEntry(p.id),
    };
  }

  /** The ledger entry a payment (a purchase's `payment` id) credited, or null while it has not. */
  creditedEntry(paymentId: number): LedgerEntry | null {
    const id = this.parts.store.get(paymentId)?.ledgerEntryId;
    return id == null ? null : this.engine.ledger.findById(id);
  }

  /** What a sync would find to do on the backend in use (nothing of another backend's: only it can answer). */
  waiting(): PaymentsWaiting {
    const { store, cardSetups, syncer } = this.parts;
    return {
      browserPageOpen: store.withStatus(['open']).some((p) => p.kind === 'checkout') || cardSetups.anyOpen(),
      // Sync's own count: what it reports as pending is exactly what blocks a mode switch.
      outcomeUnknown: syncer.pendingCount(),
      awaitingAction: resolvablePending(store.withStatus(['requires_action']), this.backend()).length,
    };
  }

  /**
   * Resolves pending payments, polls Checkout, applies the events feed; then refills if a debit armed it. Calls
   * queue behind a sync in progress (the hub's periodic one, a user's), so two never overlap; Stripe unreachable is a refusal.
   */
  sync(): Promise<SyncReport & { refill: RefillAttempt | null }> {
    const run = this.syncQueue.then(() => this.syncOnce()).catch(throwSyncFailure);
    this.syncQueue = run.catch(() => undefined);
    return run;
  }

  private async syncOnce(): Promise<SyncReport & { refill: RefillAttempt | null }> {
    const { syncer, cardSetups, refill, notices } = this.parts;
    await this.engine.settle();
    const report = emptySyncReport();
    await syncer.resolvePending(report);
    await syncer.pollCheckouts(report);
    await syncer.pullEvents(report);
    report.cardsAdded = (await cardSetups.pollAll()).map((c) => ({ id: c.id, brand: c.brand, last4: c.last4 }));
    report.pending = syncer.pendingCount();
    const attempt = await refill.runIfArmed(this.engine.now());
    notices.flush();
    return { ...report, refill: attempt };
  }

  /**
   * Applies one event a webhook delivered (already verified by the host), once
   * by its id, in line with syncs (a completed card setup saves its card);
   * then refills if its debit armed one.
   */
  applyPushedEvent(e: GatewayEvent): Promise<SyncReport> {
    const run = this.syncQueue.then(async () => {
      const { syncer, cardSetups, refill, notices } = this.parts;
      await this.engine.settle();
      const report = await syncer.applyOnce(e);
      // A setup page completed in the browser: its card is saved now, not at the next poll.
      if (e.type === 'checkout' && e.session.metadata.burnrate_kind === 'card_setup') {
        const card = await cardSetups.learn(e.session.id);
        if (card) report.cardsAdded.push({ id: card.id, brand: card.brand, last4: card.last4 });
      }
      await refill.runIfArmed(this.engine.now());
      notices.flush();
      return report;
    });
    this.syncQueue = run.catch(() => undefined);
    return run.catch(throwSyncFailure);
  }

  /** Resolves only the payments whose outcome is unknown (on startup); cheap when there are none. */
  async resolvePending(): Promise<SyncReport | null> {
    const { syncer, notices } = this.parts;
    if (syncer.pendingCount() === 0) return null;
    const r = await syncer.resolvePending();
    notices.flush();
    return r;
  }

  /**
   * Sets auto-refill (on); refuses bad values before anything changes; refills
   * at once if already below. `cardId` null or absent: the default card;
   * `monthlyLimitCredits` null: no monthly limit, absent: keep the current one.
   */
  setRefill(input: RefillInput): Promise<RefillView> {
    return this.parts.refillControl.set(input);
  }

  /** Turns auto-refill off (settings are kept for turning it back on). */
  refillOff(): Promise<RefillView> {
    return this.parts.refillControl.off();
  }

  /** The refill settings, its state, the refill in flight and the card it charges. */
  refillView(): RefillView {
    return this.parts.refillControl.view();
  }

  /** The receipt data of a succeeded purchase or refill (the PDF is drawn by reports). */
  receipt(paymentIntent: string): ReceiptData {
    return receiptData(this.engine.db, this.parts.store, paymentIntent);
  }

  /** Receipt data of every succeeded payment credited in [from, to). */
  receipts(from: number, to: number): ReceiptData[] {
    return receiptsBetween(this.engine.db, this.parts.store, from, to);
  }

  /** Closes the gateway (stops the in-process sandbox); the next payment opens it with the configuration then. */
  close(): Promise<void> {
    return this.parts.session.close();
  }
}
