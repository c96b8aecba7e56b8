import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { checkPurchaseCredits } from './amounts.js';
import { AutoRefill, type RefillAttempt, type RefillCardChange } from './auto-refill.js';
import { declineText } from './decline-texts.js';
import { declineIsCustomerMissing, GatewayError, type PaymentGateway } from './gateway.js';
import { type PaymentNotice, PaymentNotices } from './notices.js';
import { PaymentAccount } from './payment-account.js';
import { PayExecutor } from './pay-executor.js';
import { PaymentRecorder } from './payment-recorder.js';
import { PaymentStore } from './payment-store.js';
import { RefillReopenSource } from './refill-reopen-source.js';
import { emptySyncReport, PaymentSync, type SyncReport } from './payment-sync.js';
import { type BuyResult, type CheckoutResult, Purchases } from './purchases.js';
import { type ReceiptData, receiptData, receiptsBetween } from './receipts.js';
import { checkMonthlyLimit, checkRefillSettings, type RefillSettings, type RefillState } from './refill-settings.js';
import { readRefillSettings, readRefillState, resetRefillState, writeRefillSettings } from './refill-store.js';
import { type SavedCard, SavedCards } from './saved-cards.js';
import { BackendBinding } from './backend-binding.js';
import { CardSetups } from './card-setup.js';
import { throwSyncFailure } from './sync-refusal.js';

/** Auto-refill as `refill show` reports it. */
export interface RefillView extends RefillSettings {
  state: RefillState;
  inFlight: string | null;
}

/** Where a Checkout purchase stands (`credits checkout --wait`). */
export interface CheckoutState {
  sessionId: string;
  status: 'open' | 'complete' | 'expired' | 'failed';
  credits: number;
  paymentIntent: string | null;
  balance: number;
}

/** What `refill set` accepts (credits; the CLI converts the USD monthly limit). */
export interface RefillInput {
  thresholdCredits: number;
  amountCredits: number;
  cardId?: string | null;
  maxPerDay?: number;
  monthlyLimitCredits?: number | null;
}

/**
 * Payments in the engine: saved cards, purchases, Checkout, auto-refill, sync,
 * refunds and receipts. The gateway opens on first use (the sandbox starts
 * only when something pays). Hosts reach all of it through Services.payments.
 */
export class Payments {
  readonly store: PaymentStore;
  readonly cards: SavedCards;
  readonly account: PaymentAccount;
  readonly notices: PaymentNotices;
  readonly recorder: PaymentRecorder;
  readonly refill: AutoRefill;
  /** Cards added in the browser (Checkout in setup mode): `cards setup`, Billing's Add card. */
  readonly cardSetups: CardSetups;
  private readonly executor: PayExecutor;
  private readonly purchases: Purchases;
  private readonly syncer: PaymentSync;
  private readonly binding: BackendBinding;
  private gatewayPromise: Promise<PaymentGateway> | null = null;
  /** The identity of the backend the open gateway reaches, once bound. */
  private boundIdentity: string | null = null;
  private syncQueue: Promise<unknown> = Promise.resolve();
  /** The open gateway's sandbox origin (known once it opened). */
  private openSandboxOrigin: string | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly openGateway: () => Promise<PaymentGateway>,
  ) {
    const db = engine.db;
    this.store = new PaymentStore(db);
    this.cards = new SavedCards(db);
    this.account = new PaymentAccount(engine.settings);
    this.notices = new PaymentNotices(db);
    this.recorder = new PaymentRecorder(engine, this.store, () => this.account.customerId());
    const gw = () => this.gateway();
    const now = () => engine.now();
    this.executor = new PayExecutor(this.store, this.recorder, this.cards, gw, now);
    this.purchases = new Purchases(engine, this.store, this.executor, this.account, this.cards, gw);
    this.refill = new AutoRefill(engine, this.store, this.recorder, this.executor, this.account, this.cards, this.notices, gw);
    this.binding = new BackendBinding(db, engine.settings, this.account, this.cards);
    this.syncer = new PaymentSync(engine, this.store, this.recorder, this.executor, this.purchases, this.notices, gw, this.binding.events, () =>
      this.binding.current(),
    );
    this.cardSetups = new CardSetups(engine, this.account, this.cards, gw, (err) => this.customerGone(err));
    engine.addHooks(this.refill);
    // A cap window reopening while refill is still wanted is due in the settle loop (auto-refill comes back).
    engine.addSource(new RefillReopenSource(engine, this.refill, this.store, this.account));
    // One place for "the customer is gone", whichever payment (purchase, refill, a later resolution) learned it.
    this.recorder.onOutcome((_p, o) => {
      if (o.status === 'failed' && declineIsCustomerMissing(o.decline)) this.forgetMissingCustomer();
    });
  }

  /**
   * The gateway, opened once on first use and bound to the account state of
   * the backend it reaches (backend-binding.ts) before anything is sent to it.
   */
  async gateway(): Promise<PaymentGateway> {
    this.gatewayPromise ??= this.openGateway().then(
      async (gw) => {
        try {
          await this.bindBackend(gw);
        } catch (err) {
          // Not kept: a backend unreachable for a moment must not break payments until a restart.
          this.gatewayPromise = null;
          await gw.close().catch(() => undefined);
          throw err;
        }
        this.openSandboxOrigin = gw.sandboxOrigin ?? null;
        return gw;
      },
      (err: unknown) => {
        this.gatewayPromise = null;
        throw err;
      },
    );
    const gw = await this.gatewayPromise;
    // Another process on this ledger (the CLI without the app's key) may have bound its backend since:
    // take this one's state back before anything reads the customer or cards to send here.
    if (this.boundIdentity !== null && this.binding.current() !== this.boundIdentity && this.binding.bind(this.boundIdentity)) {
      this.refill.afterCardsChanged(this.engine.now());
    }
    return gw;
  }

  /**
   * The loopback origin of the in-process sandbox when it is the open gateway,
   * else null: the shell allows exactly this origin's checkout pages.
   */
  sandboxOrigin(): string | null {
    return this.gatewayPromise ? this.openSandboxOrigin : null;
  }

  /** Asks the backend who it is; a different one than last time swaps the customer, cursor and saved cards. */
  private async bindBackend(gw: PaymentGateway): Promise<void> {
    const identity = await gw.identity();
    if (this.binding.bind(identity)) this.refill.afterCardsChanged(this.engine.now());
    this.boundIdentity = identity;
  }

  /** The active payments backend's identity (a Stripe account id, or the server's address), once the gateway opened. */
  backend(): string | null {
    return this.binding.current();
  }

  /**
   * The saved cards of the payments backend in use: opens the gateway first so
   * a changed backend swaps its cards in; when it cannot be reached (or the key
   * is refused) the cards stored for the last backend are listed.
   */
  async listCards(): Promise<SavedCard[]> {
    // With no customer and no card there is nothing to swap: a first look does not start the sandbox.
    if (this.account.customerId() !== null || this.cards.list().length > 0) await this.bindIfReachable();
    return this.cards.list();
  }

  private async bindIfReachable(): Promise<void> {
    try {
      await this.gateway();
    } catch (err) {
      if (!(err instanceof GatewayError) && !(err instanceof RefusedError)) throw err;
    }
  }

  /** Subscribes to payment notices (refill succeeded/failed/capped/needs action, auto-refill off, reconciliation). */
  onNotice(fn: (n: PaymentNotice) => void): () => void {
    return this.notices.on(fn);
  }

  /** Attaches a card (a `pm_…` id, e.g. Stripe's test `pm_card_visa`) to the account's customer and saves it. */
  async addCard(paymentMethod: string): Promise<SavedCard> {
    const pm = typeof paymentMethod === 'string' ? paymentMethod.trim() : '';
    if (/^[\d\s-]{12,}$/.test(pm))
      throw new RefusedError('invalid_card', 'that is a card number: cards are added on a browser page (`burnrate cards setup --wait`), never typed here');
    if (!/^pm_[A-Za-z0-9_]+$/.test(pm))
      throw new RefusedError('invalid_card', `'${String(paymentMethod)}' is not a payment method id (pm_…), e.g. pm_card_visa`);
    const gw = await this.gateway();
    const customer = await this.account.ensureCustomer(gw);
    const card = await this.refuseOnGatewayError(() => gw.attachCard(pm, customer), 'The card was not saved');
    const saved = this.cards.save(card, this.engine.now());
    if (saved.isDefault) await gw.setDefaultCard(customer, saved.id).catch(() => undefined);
    return saved;
  }

  /**
   * Removes a saved card (detached in Stripe too). Auto-refill pinned to it
   * falls back to the default card; with no card left it is turned off with
   * an alert. Returns the card and what became of auto-refill.
   */
  async removeCard(id: string): Promise<SavedCard & { refill: RefillCardChange }> {
    this.cards.require(id);
    const gw = await this.gateway();
    // Looked up again: opening the gateway may have swapped in another backend's cards.
    const card = this.cards.require(id);
    await this.refuseOnGatewayError(() => gw.detachCard(card.id), 'could not remove the card').catch((err: unknown) => {
      // Already detached in Stripe: removing it here is still right.
      if (!(err instanceof RefusedError)) throw err;
    });
    this.cards.remove(card.id);
    return { ...card, refill: this.refill.afterCardsChanged(this.engine.now()) };
  }

  /** Makes a saved card the default. */
  async setDefaultCard(id: string): Promise<SavedCard> {
    const card = this.cards.setDefault(id);
    const customer = this.account.customerId();
    if (customer) await (await this.gateway()).setDefaultCard(customer, card.id).catch(() => undefined);
    return card;
  }

  /** Buys whole `credits` (how the app's layers pass money), a pack or a USD amount as typed, with a card. */
  async buy(input: { credits?: number; pack?: string; usd?: string; card?: string }): Promise<BuyResult> {
    try {
      return await this.purchases.buy(input);
    } catch (err) {
      throw this.customerGone(err);
    } finally {
      await this.refill.runIfArmed(this.engine.now());
      this.notices.flush();
    }
  }

  /** Opens a Checkout session for a browser purchase. */
  async checkout(input: { credits?: number; pack?: string; usd?: string }): Promise<CheckoutResult> {
    try {
      return await this.purchases.checkout(input);
    } catch (err) {
      throw this.customerGone(err);
    }
  }

  /** True once the account has a Stripe customer on the active backend: before that, Stripe has nothing of ours. */
  hasAccount(): boolean {
    return this.account.customerId() !== null;
  }

  /**
   * Where a Checkout purchase started here stands, asking Stripe while it is
   * open: a completed session is credited (exactly once, whichever path
   * reports it first), an expired one closed. Refuses an unknown session.
   */
  async checkoutStatus(sessionId: string): Promise<CheckoutState> {
    const known = this.store.bySession(typeof sessionId === 'string' ? sessionId.trim() : '');
    if (!known) throw new RefusedError('unknown_checkout', `no Checkout purchase ${String(sessionId)} was started here`);
    if (known.status === 'open') await this.syncer.pollCheckout(known);
    this.notices.flush();
    const p = this.store.get(known.id)!;
    const status = p.status === 'succeeded' ? 'complete' : p.status === 'canceled' ? 'expired' : p.status === 'failed' ? 'failed' : 'open';
    return { sessionId: known.checkoutSession!, status, credits: p.credits, paymentIntent: p.paymentIntent, balance: this.engine.ledger.balance() };
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
    await this.engine.settle();
    const report = emptySyncReport();
    await this.syncer.resolvePending(report);
    await this.syncer.pollCheckouts(report);
    await this.syncer.pullEvents(report);
    report.cardsAdded = (await this.cardSetups.pollAll()).map((c) => ({ id: c.id, brand: c.brand, last4: c.last4 }));
    report.pending = this.syncer.pendingCount();
    const refill = await this.refill.runIfArmed(this.engine.now());
    this.notices.flush();
    return { ...report, refill };
  }

  /** Resolves only the payments whose outcome is unknown (on startup); cheap when there are none. */
  async resolvePending(): Promise<SyncReport | null> {
    if (this.syncer.pendingCount() === 0) return null;
    const r = await this.syncer.resolvePending();
    this.notices.flush();
    return r;
  }

  /**
   * Sets auto-refill (on); refuses bad values before anything changes; refills
   * at once if already below. `cardId` null or absent: the default card;
   * `monthlyLimitCredits` null: no monthly limit, absent: keep the current one.
   */
  async setRefill(input: RefillInput): Promise<RefillView> {
    checkPurchaseCredits(input.amountCredits, 'refill amount');
    // Refused before the backend is asked (binding may swap in its cards): what needs no network first.
    checkMonthlyLimit(
      input.monthlyLimitCredits === undefined ? readRefillSettings(this.engine.db).monthlyLimitCredits : input.monthlyLimitCredits,
      input.amountCredits,
    );
    await this.bindIfReachable();
    if (input.cardId !== undefined && input.cardId !== null) this.cards.require(input.cardId);
    else if (!this.cards.defaultCard()) throw new RefusedError('no_card', 'auto-refill needs a saved card: add one with `cards add pm_card_visa`');
    const current = readRefillSettings(this.engine.db);
    const next: RefillSettings = {
      enabled: true,
      thresholdCredits: input.thresholdCredits,
      amountCredits: input.amountCredits,
      cardId: input.cardId?.trim() ?? null,
      maxPerDay: input.maxPerDay ?? current.maxPerDay,
      monthlyLimitCredits: input.monthlyLimitCredits === undefined ? current.monthlyLimitCredits : input.monthlyLimitCredits,
    };
    await this.engine.act(
      () => {
        writeRefillSettings(this.engine.db, next);
        resetRefillState(this.engine.db);
      },
      () => checkRefillSettings(next),
    );
    if (this.engine.ledger.balance() < next.thresholdCredits) {
      this.refill.arm();
      await this.refill.runIfArmed(this.engine.now());
    }
    this.notices.flush();
    return this.refillView();
  }

  /** Turns auto-refill off (settings are kept for turning it back on). */
  async refillOff(): Promise<RefillView> {
    await this.engine.act(() => writeRefillSettings(this.engine.db, { ...readRefillSettings(this.engine.db), enabled: false }));
    return this.refillView();
  }

  /** The refill settings, its state, and the refill in flight. */
  refillView(): RefillView {
    return {
      ...readRefillSettings(this.engine.db),
      state: readRefillState(this.engine.db),
      inFlight: this.store.refillInFlight(this.binding.current())?.idempotencyKey ?? null,
    };
  }

  /** The receipt data of a succeeded purchase or refill (the PDF is drawn by reports). */
  receipt(paymentIntent: string): ReceiptData {
    return receiptData(this.engine.db, this.store, paymentIntent);
  }

  /** Receipt data of every succeeded payment credited in [from, to). */
  receipts(from: number, to: number): ReceiptData[] {
    return receiptsBetween(this.engine.db, this.store, from, to);
  }

  /** Sets the receipt email (null clears it). */
  setEmail(email: string | null): Promise<string | null> {
    return this.account.setEmail(email, () => this.gateway());
  }

  /** Closes the gateway (stops the in-process sandbox). */
  async close(): Promise<void> {
    const gw = this.gatewayPromise;
    this.gatewayPromise = null;
    this.openSandboxOrigin = null;
    this.boundIdentity = null;
    if (gw) await (await gw.catch(() => null))?.close();
  }

  private async refuseOnGatewayError<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof GatewayError && err.customerMissing) throw this.customerGone(err);
      if (err instanceof GatewayError && err.kind === 'card' && err.decline) throw new RefusedError('card_declined', `${declineText(err.decline)} ${what}.`);
      if (err instanceof GatewayError && err.kind !== 'unknown')
        throw new RefusedError(err.kind === 'card' ? 'card_declined' : 'payment_refused', `${what}: ${err.message}`);
      throw err;
    }
  }

  /**
   * Stripe says the account's customer does not exist (deleted in the
   * dashboard, or the backend's data was reset under the same identity):
   * forget it and its cards, so the next attempt starts a fresh customer, and
   * say so — this is not a card decline. Other errors pass through.
   */
  private customerGone(err: unknown): unknown {
    const missing = (err instanceof GatewayError && err.customerMissing) || (err instanceof RefusedError && err.code === 'customer_missing');
    if (!missing) return err;
    this.forgetMissingCustomer();
    return new RefusedError(
      'customer_missing',
      `the payments backend has no customer ${this.forgotten?.customer ?? ''} (it was deleted, or the backend's data was reset) — nothing was charged; ` +
        `${this.forgotten?.cards ? `its ${this.forgotten.cards} saved card${this.forgotten.cards === 1 ? ' was' : 's were'} forgotten: add a card again` : 'try again'} and a new customer is made`,
    );
  }

  /** The customer forgotten last and how many cards went with it, for the refusal that reports it. */
  private forgotten: { customer: string; cards: number } | null = null;

  /** Forgets the customer and its cards (once: a second call finds none), and lets auto-refill react to the cards going. */
  private forgetMissingCustomer(): void {
    const customer = this.account.customerId();
    if (customer === null) return;
    this.forgotten = { customer, cards: this.binding.forgetCustomer().length };
    this.refill.afterCardsChanged(this.engine.now());
  }
}
