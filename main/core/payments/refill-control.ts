import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { checkPurchaseCredits } from './amounts.js';
import type { AutoRefill } from './auto-refill.js';
import type { GatewaySession } from './gateway-session.js';
import type { PaymentNotices } from './notices.js';
import type { PaymentStore } from './payment-store.js';
import { checkMonthlyLimit, checkRefillSettings, type RefillSettings, type RefillState } from './refill-settings.js';
import { readRefillSettings, readRefillState, resetRefillState, writeRefillSettings } from './refill-store.js';
import type { SavedCard, SavedCards } from './saved-cards.js';

/** Auto-refill as every host shows it: its settings, its state, the refill in flight and the card it charges. */
export interface RefillView extends RefillSettings {
  state: RefillState;
  inFlight: string | null;
  /** The card a refill charges now: the one chosen, else the default (null: none saved). */
  card: SavedCard | null;
}

/** What `refill set` accepts (credits; the CLI converts the USD monthly limit). */
export interface RefillInput {
  thresholdCredits: number;
  amountCredits: number;
  cardId?: string | null;
  maxPerDay?: number;
  monthlyLimitCredits?: number | null;
}

/** Turning auto-refill on, off, and reading it. */
export class RefillControl {
  constructor(
    private readonly engine: Engine,
    private readonly store: PaymentStore,
    private readonly cards: SavedCards,
    private readonly session: GatewaySession,
    private readonly refill: AutoRefill,
    private readonly notices: PaymentNotices,
  ) {}

  /**
   * Sets auto-refill (on); refuses bad values before anything changes; refills
   * at once if already below. `cardId` null or absent: the default card;
   * `monthlyLimitCredits` null: no monthly limit, absent: keep the current one.
   */
  async set(input: RefillInput): Promise<RefillView> {
    const db = this.engine.db;
    checkPurchaseCredits(input.amountCredits, 'refill amount');
    // Refused before the backend is asked (binding may swap in its cards): what needs no network first.
    checkMonthlyLimit(input.monthlyLimitCredits === undefined ? readRefillSettings(db).monthlyLimitCredits : input.monthlyLimitCredits, input.amountCredits);
    await this.session.bindIfReachable();
    if (input.cardId !== undefined && input.cardId !== null) this.cards.require(input.cardId);
    else if (!this.cards.defaultCard()) throw new RefusedError('no_card', 'auto-refill needs a saved card', { for: 'refill' });
    const current = readRefillSettings(db);
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
        writeRefillSettings(db, next);
        resetRefillState(db);
      },
      () => checkRefillSettings(next),
    );
    if (this.engine.ledger.balance() < next.thresholdCredits) {
      this.refill.arm();
      await this.refill.runIfArmed(this.engine.now());
    }
    this.notices.flush();
    return this.view();
  }

  /** Turns auto-refill off (settings are kept for turning it back on). */
  async off(): Promise<RefillView> {
    await this.engine.act(() => writeRefillSettings(this.engine.db, { ...readRefillSettings(this.engine.db), enabled: false }));
    return this.view();
  }

  /** The refill settings, its state, the refill in flight and the card it charges. */
  view(): RefillView {
    const s = readRefillSettings(this.engine.db);
    return {
      ...s,
      state: readRefillState(this.engine.db),
      inFlight: this.store.refillInFlight(this.session.backend())?.idempotencyKey ?? null,
      card: (s.cardId ? this.cards.find(s.cardId) : this.cards.defaultCard()) ?? null,
    };
  }
}
