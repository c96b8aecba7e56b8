import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import type { AutoRefill, RefillCardChange } from './auto-refill.js';
import type { CustomerGone } from './customer-gone.js';
import { declineText } from './decline-texts.js';
import { GatewayError } from './gateway.js';
import type { GatewaySession } from './gateway-session.js';
import type { PaymentAccount } from './payment-account.js';
import type { SavedCard, SavedCards } from './saved-cards.js';

/** Saved cards as the user changes them: attach, remove, make default, list the backend's own. */
export class CardActions {
  constructor(
    private readonly engine: Engine,
    private readonly account: PaymentAccount,
    private readonly cards: SavedCards,
    private readonly session: GatewaySession,
    private readonly refill: AutoRefill,
    private readonly gone: CustomerGone,
  ) {}

  /**
   * The saved cards of the payments backend in use: opens the gateway first so
   * a changed backend swaps its cards in; when it cannot be reached (or the key
   * is refused) the cards stored for the last backend are listed.
   */
  async list(): Promise<SavedCard[]> {
    // With no customer and no card there is nothing to swap: a first look does not start the sandbox.
    if (this.account.customerId() !== null || this.cards.list().length > 0) await this.session.bindIfReachable();
    return this.cards.list();
  }

  /** Attaches a card (a `pm_…` id, e.g. Stripe's test `pm_card_visa`) to the account's customer and saves it. */
  async add(paymentMethod: string): Promise<SavedCard> {
    const pm = typeof paymentMethod === 'string' ? paymentMethod.trim() : '';
    if (/^[\d\s-]{12,}$/.test(pm))
      throw new RefusedError('invalid_card', 'that is a card number: cards are added on a browser page, never typed here', { cardNumber: true });
    if (!/^pm_[A-Za-z0-9_]+$/.test(pm))
      throw new RefusedError('invalid_card', `'${String(paymentMethod)}' is not a payment method id (pm_…), e.g. pm_card_visa`);
    const gw = await this.session.gateway();
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
  async remove(id: string): Promise<SavedCard & { refill: RefillCardChange }> {
    this.cards.require(id);
    const gw = await this.session.gateway();
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
  async setDefault(id: string): Promise<SavedCard> {
    const card = this.cards.setDefault(id);
    const customer = this.account.customerId();
    if (customer) await (await this.session.gateway()).setDefaultCard(customer, card.id).catch(() => undefined);
    return card;
  }

  private async refuseOnGatewayError<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof GatewayError && err.customerMissing) throw this.gone.refusal(err);
      if (err instanceof GatewayError && err.kind === 'card' && err.decline) throw new RefusedError('card_declined', `${declineText(err.decline)} ${what}.`);
      if (err instanceof GatewayError && err.kind !== 'unknown')
        throw new RefusedError(err.kind === 'card' ? 'card_declined' : 'payment_refused', `${what}: ${err.message}`);
      throw err;
    }
  }
}
