import { RefusedError } from '../errors.js';
import type { BackendBinding } from './backend-binding.js';
import { GatewayError } from './gateway.js';
import type { PaymentAccount } from './payment-account.js';

/**
 * "The customer is gone": Stripe says the account's customer does not exist
 * (deleted in the dashboard, or the backend's data was reset under the same
 * identity). One place handles it, whichever payment, card or Checkout
 * learned it: the customer and its cards are forgotten, so the next attempt
 * starts a fresh customer, and the refusal says so — it is not a card decline.
 */
export class CustomerGone {
  /** The customer forgotten last and how many cards went with it, for the refusal that reports it. */
  private forgotten: { customer: string; cards: number } | null = null;

  constructor(
    private readonly account: PaymentAccount,
    private readonly binding: BackendBinding,
    /** The cards went with the customer (auto-refill may be left without one). */
    private readonly onCardsGone: () => void,
  ) {}

  /** Maps a missing customer to its refusal (forgetting it); other errors pass through unchanged. */
  refusal(err: unknown): unknown {
    const missing = (err instanceof GatewayError && err.customerMissing) || (err instanceof RefusedError && err.code === 'customer_missing');
    if (!missing) return err;
    this.forget();
    const f = this.forgotten;
    return new RefusedError(
      'customer_missing',
      `the payments backend has no customer ${f?.customer ?? ''} (it was deleted, or the backend's data was reset) — nothing was charged; ` +
        `${f?.cards ? `its ${f.cards} saved card${f.cards === 1 ? ' was' : 's were'} forgotten: add a card again` : 'try again'} and a new customer is made`,
    );
  }

  /** Forgets the customer and its cards (once: a second call finds none). */
  forget(): void {
    const customer = this.account.customerId();
    if (customer === null) return;
    this.forgotten = { customer, cards: this.binding.forgetCustomer().length };
    this.onCardsGone();
  }
}
