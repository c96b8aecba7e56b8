/**
 * Adding a card in the browser: a Checkout Session in setup mode (Stripe's
 * hosted page, or the sandbox's with Stripe's test card numbers) saves the
 * card to the account's customer, so the app never asks for a card number.
 * The open sessions are remembered per backend; asking about one (the CLI's
 * `--wait`, the UI's watch, every sync) saves the card once it completed.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { declineText } from './decline-texts.js';
import { GatewayError, NO_RETURN_PAGES, type PaymentGateway } from './gateway.js';
import type { PaymentAccount } from './payment-account.js';
import type { SavedCard, SavedCards } from './saved-cards.js';

const SETUPS_KEY = 'payments.cardSetups';
const setupsSchema = z.array(
  z.object({
    sessionId: z.string(),
    backend: z.string().nullable(),
    createdAt: z.number(),
    status: z.enum(['open', 'complete', 'expired']).default('open'),
    cardId: z.string().nullable().default(null),
  }),
);
type Setup = z.infer<typeof setupsSchema>[number];
/** Finished setups kept so a late question about one (the UI after the CLI's sync) still gets its answer. */
const KEEP_FINISHED = 20;

/** What `cards setup` starts: the page to open and the session to ask about. */
export interface CardSetupStart {
  url: string;
  sessionId: string;
}

/** Where a card setup stands; `card` is the saved card once it is `complete`. */
export interface CardSetupState {
  sessionId: string;
  status: 'open' | 'complete' | 'expired';
  card: SavedCard | null;
  /** The last declined try on the page in plain words (the page lets the customer try another card), else null. */
  lastDecline: string | null;
}

/** Card setups through Checkout in setup mode. */
export class CardSetups {
  constructor(
    private readonly engine: Engine,
    private readonly account: PaymentAccount,
    private readonly cards: SavedCards,
    private readonly gateway: () => Promise<PaymentGateway>,
    /** Maps a missing customer to its refusal (and forgets it); other errors pass through. */
    private readonly customerGone: (err: unknown) => unknown,
  ) {}

  /** Opens a setup page for the account's customer (made on first use). */
  async start(): Promise<CardSetupStart> {
    return this.refusing(async () => {
      const gw = await this.gateway();
      const customer = await this.account.ensureCustomer(gw);
      const pages = gw.returnPages() ?? NO_RETURN_PAGES;
      // Nothing is charged, so a lost answer costs only an unused page: a fresh key each time is safe.
      const key = `burnrate-${this.account.installId()}-card-setup-${randomUUID()}`;
      const s = await gw.createCardSetup(
        {
          customer,
          successUrl: pages.setupSuccess,
          cancelUrl: pages.setupCancel,
          metadata: { app: 'burnrate', burnrate_kind: 'card_setup' },
        },
        key,
      );
      this.write([...this.all(), { sessionId: s.id, backend: this.account.backend(), createdAt: this.engine.now(), status: 'open', cardId: null }]);
      return { url: s.url ?? '', sessionId: s.id };
    });
  }

  /** True while a setup started here on the backend in use is still open. */
  anyOpen(): boolean {
    const backend = this.account.backend();
    return this.open().some((o) => o.backend === backend);
  }

  /**
   * Asks the backend about one setup started here: a completed one saves its
   * card (once), an expired one is forgotten. No answer from the backend
   * leaves it open (asked again next time).
   */
  async status(sessionId: string): Promise<CardSetupState> {
    const id = typeof sessionId === 'string' ? sessionId.trim() : '';
    const known = this.all().find((o) => o.sessionId === id);
    if (!known) throw new RefusedError('unknown_card_setup', `no card setup ${String(sessionId)} was started here`);
    if (known.status !== 'open')
      return { sessionId: id, status: known.status, card: known.cardId ? (this.cards.find(known.cardId) ?? null) : null, lastDecline: null };
    return this.refusing(() =>
      this.poll(known).catch((err: unknown) => {
        if (err instanceof GatewayError && err.kind === 'unknown') return { sessionId: id, status: 'open' as const, card: null, lastDecline: null };
        throw err;
      }),
    );
  }

  /**
   * A pushed event (a webhook delivery) about Checkout session `sessionId`:
   * when it is a setup started here and still open, asks the backend about it,
   * so the card is saved without waiting for a sync. Returns the card saved.
   */
  async learn(sessionId: string): Promise<SavedCard | null> {
    const known = this.open().find((o) => o.sessionId === sessionId && o.backend === this.account.backend());
    if (!known) return null;
    const st = await this.poll(known).catch((err: unknown) => {
      // Not answered now: the setup stays open, and the next sync (the polling backstop) asks again.
      if (err instanceof GatewayError) return null;
      throw err;
    });
    return st?.card ?? null;
  }

  /** Polls every open setup of the backend in use (sync): the cards saved since. */
  async pollAll(): Promise<SavedCard[]> {
    const backend = this.account.backend();
    const saved: SavedCard[] = [];
    for (const o of this.open().filter((x) => x.backend === backend)) {
      const st = await this.poll(o).catch((err: unknown) => {
        if (err instanceof GatewayError) return null;
        throw err;
      });
      if (st?.card) saved.push(st.card);
    }
    return saved;
  }

  private async poll(o: Setup): Promise<CardSetupState> {
    const gw = await this.gateway();
    const s = await gw.retrieveCardSetup(o.sessionId);
    const lastDecline = s.lastError ? declineText(s.lastError) : null;
    if (s.status === 'open') return { sessionId: s.id, status: 'open', card: null, lastDecline };
    let card: SavedCard | null = null;
    if (s.status === 'complete' && s.paymentMethod) {
      const found = this.cards.find(s.paymentMethod);
      if (found) card = found;
      else {
        card = this.cards.save(await gw.retrieveCard(s.paymentMethod), this.engine.now());
        const customer = this.account.customerId();
        if (card.isDefault && customer) await gw.setDefaultCard(customer, card.id).catch(() => undefined);
      }
    }
    this.finish(o.sessionId, s.status, card?.id ?? null);
    return { sessionId: s.id, status: s.status, card, lastDecline: s.status === 'complete' ? null : lastDecline };
  }

  private all(): Setup[] {
    return this.engine.settings.get(SETUPS_KEY, setupsSchema, []);
  }

  private open(): Setup[] {
    return this.all().filter((x) => x.status === 'open');
  }

  private write(list: Setup[]): void {
    this.engine.settings.set(SETUPS_KEY, setupsSchema, list);
  }

  /** Marks a setup finished, keeping the last few finished ones. */
  private finish(sessionId: string, status: 'complete' | 'expired', cardId: string | null): void {
    const list = this.all().map((x) => (x.sessionId === sessionId ? { ...x, status, cardId } : x));
    const finished = list.filter((x) => x.status !== 'open');
    const drop = new Set(finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)).map((x) => x.sessionId));
    this.write(list.filter((x) => !drop.has(x.sessionId)));
  }

  /** Stripe's refusals become the CLI's exit 2 (nothing was saved); no answer at all is said as such. */
  private async refusing<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const gone = this.customerGone(err);
      if (gone !== err) throw gone;
      if (!(err instanceof GatewayError)) throw err;
      if (err.kind === 'unknown') throw new RefusedError('stripe_unreachable', `${err.message} — no card was saved; try again`);
      throw new RefusedError('card_setup_refused', `Stripe refused the card setup: ${err.message} — no card was saved`);
    }
  }
}
