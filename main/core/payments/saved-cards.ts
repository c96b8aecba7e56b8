import { z } from 'zod';
import type { Db } from '../db/open-database.js';
import { RefusedError } from '../errors.js';
import { cardDetailsSchema, type GatewayCard } from './gateway.js';
import { cachedStatement } from '../db/statement-cache.js';

/** A saved card: the card's details, whether it is the default, when it was added (also the shape a backend's stash keeps). */
export const savedCardSchema = cardDetailsSchema.extend({ isDefault: z.boolean(), addedAt: z.number() });
export type SavedCard = z.infer<typeof savedCardSchema>;

const COLUMNS = 'id, brand, last4, exp_month AS expMonth, exp_year AS expYear, funding, is_default AS isDefault, added_at AS addedAt';

function toCard(r: Omit<SavedCard, 'isDefault'> & { isDefault: number }): SavedCard {
  return { ...r, isDefault: r.isDefault === 1 };
}

/** The local copy of the customer's saved cards (Stripe holds the card; we keep brand, last4, expiry). */
export class SavedCards {
  constructor(private readonly db: Db) {}

  /** All cards, the default first, then by when they were added. */
  list(): SavedCard[] {
    return (cachedStatement(this.db, `SELECT ${COLUMNS} FROM payment_cards ORDER BY is_default DESC, added_at, id`).all() as never[]).map(toCard);
  }

  /** A saved card by id, or undefined. */
  find(id: string): SavedCard | undefined {
    const r = cachedStatement(this.db, `SELECT ${COLUMNS} FROM payment_cards WHERE id = ?`).get(id) as never;
    return r ? toCard(r) : undefined;
  }

  /** A saved card by id, or a refusal naming the cards there are. */
  require(id: string): SavedCard {
    const c = this.find(typeof id === 'string' ? id.trim() : '');
    if (!c) {
      const ids = this.list().map((x) => x.id);
      // With none saved, each host says how to add one (by the code and `saved`).
      throw new RefusedError('unknown_card', `no saved card ${String(id)}${ids.length ? ` (saved: ${ids.join(', ')})` : ''}`, { saved: ids.length });
    }
    return c;
  }

  /** The default card, if any. */
  defaultCard(): SavedCard | undefined {
    return this.list().find((c) => c.isDefault);
  }

  /** Stores an attached card; the first card becomes the default. */
  save(card: GatewayCard, now: number): SavedCard {
    const first = this.list().length === 0;
    cachedStatement(
      this.db,
      `INSERT INTO payment_cards (id, brand, last4, exp_month, exp_year, funding, is_default, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET brand = excluded.brand, last4 = excluded.last4, exp_month = excluded.exp_month, exp_year = excluded.exp_year, funding = excluded.funding`,
    ).run(card.id, card.brand, card.last4, card.expMonth, card.expYear, card.funding, first ? 1 : 0, now);
    return this.find(card.id)!;
  }

  /** Removes a card; if it was the default, the oldest remaining card becomes the default. */
  remove(id: string): void {
    const was = this.require(id);
    cachedStatement(this.db, 'DELETE FROM payment_cards WHERE id = ?').run(was.id);
    if (was.isDefault) {
      const next = this.list()[0];
      if (next) this.setDefault(next.id);
    }
  }

  /** Replaces every saved card (the cards of another payments backend coming back, or none); call inside a transaction. */
  replaceAll(cards: readonly SavedCard[]): void {
    cachedStatement(this.db, 'DELETE FROM payment_cards').run();
    const insert = cachedStatement(
      this.db,
      `INSERT INTO payment_cards (id, brand, last4, exp_month, exp_year, funding, is_default, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of cards) insert.run(c.id, c.brand, c.last4, c.expMonth, c.expYear, c.funding, c.isDefault ? 1 : 0, c.addedAt);
  }

  /** Makes one card the default. */
  setDefault(id: string): SavedCard {
    const c = this.require(id);
    this.db
      .transaction(() => {
        cachedStatement(this.db, 'UPDATE payment_cards SET is_default = 0 WHERE is_default = 1').run();
        cachedStatement(this.db, 'UPDATE payment_cards SET is_default = 1 WHERE id = ?').run(c.id);
      })
      .immediate();
    return this.find(c.id)!;
  }
}
