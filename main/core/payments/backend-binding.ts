import { z } from 'zod';
import type { Db } from '../db/open-database.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { PaymentAccount } from './payment-account.js';
import type { EventCursor } from './payment-sync.js';
import { type SavedCard, type SavedCards, savedCardSchema } from './saved-cards.js';

const SINCE_KEY = 'payments.events.since';

const stashSchema = z.object({ customerId: z.string().nullable(), eventsSince: z.number().int().nullable(), cards: z.array(savedCardSchema) });
type Stash = z.infer<typeof stashSchema>;
const EMPTY: Stash = { customerId: null, eventsSince: null, cards: [] };

const stashKey = (backend: string) => `payments.backends.${backend}`;

/**
 * Ties the account's Stripe state — customer, events cursor, saved cards — to
 * the backend it lives on (a Stripe account, a sandbox file). When the backend
 * changes (the sandbox file was deleted, BURNRATE_STRIPE_API or the key
 * changed), that state is set aside under the old backend's identity and the
 * new backend's own state (or a fresh start) comes in; going back restores it.
 * The ledger and the payments history are never touched: credits bought stay.
 */
export class BackendBinding {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly account: PaymentAccount,
    private readonly cards: SavedCards,
  ) {}

  /** The `created` of the newest event applied from the active backend. */
  readonly events: EventCursor = {
    get: () => this.settings.get(SINCE_KEY, z.number().int().nullable(), null),
    set: (created) => {
      this.settings.set(SINCE_KEY, z.number().int(), created);
    },
  };

  /** The active backend's identity, or null before the first one was bound. */
  current(): string | null {
    return this.account.backend();
  }

  /** Makes `identity` the active backend, in one transaction. Returns true when the state was swapped. */
  bind(identity: string): boolean {
    return this.db
      .transaction(() => {
        const current = this.current();
        if (current === identity) return false;
        if (current === null) {
          // Nothing tied to a backend yet. An empty account stores it with its
          // first customer, so a refused request changes nothing; a customer is
          // stored after its backend (payment-account.ts), so one without it is
          // not expected, and it is taken as this backend's (a customer gone
          // from it is forgotten on first use, like any other).
          if (this.isEmpty()) this.account.noteBackend(identity);
          else this.account.setBackend(identity);
          return false;
        }
        this.settings.set(stashKey(current), stashSchema, this.take());
        this.put(this.settings.get(stashKey(identity), stashSchema, EMPTY));
        this.account.setBackend(identity);
        return true;
      })
      .immediate();
  }

  /** The customer is gone from the active backend: forget it, its cards and the events cursor; returns the cards dropped. */
  forgetCustomer(): SavedCard[] {
    return this.db
      .transaction(() => {
        const dropped = this.take().cards;
        this.put(EMPTY);
        return dropped;
      })
      .immediate();
  }

  private isEmpty(): boolean {
    return this.account.customerId() === null && this.cards.list().length === 0;
  }

  private take(): Stash {
    return { customerId: this.account.customerId(), eventsSince: this.events.get(), cards: this.cards.list() };
  }

  private put(s: Stash): void {
    this.account.setCustomerId(s.customerId);
    this.settings.set(SINCE_KEY, z.number().int().nullable(), s.eventsSince);
    this.cards.replaceAll(s.cards);
  }
}
