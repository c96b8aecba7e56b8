import type { Db } from '../db/open-database.js';
import { RefusedError } from '../errors.js';
import { NAME_RULES, validateName } from '../names.js';
import { cachedStatement } from '../db/statement-cache.js';

/** An instance tier and its price in force now. */
export interface InstanceTier {
  code: string;
  name: string;
  memoryGb: number;
  creditsPerHour: number;
}

/**
 * The editable instance catalog. Prices keep their history so a charge can use
 * the price in force at the moment its hour fell due, even when settled later.
 */
export class InstanceCatalog {
  private readonly priceAtStmt;
  private priceCache = new Map<string, { from: number; price: number }[]>();

  constructor(private readonly db: Db) {
    this.priceAtStmt = cachedStatement(
      db,
      'SELECT effective_from AS "from", credits_per_hour AS price FROM instance_tier_prices WHERE code = ? ORDER BY effective_from',
    );
  }

  /** All tiers with today's price, cheapest first. */
  list(at: number): InstanceTier[] {
    const rows = cachedStatement(this.db, 'SELECT code, name, memory_gb AS memoryGb FROM instance_tiers').all() as Omit<InstanceTier, 'creditsPerHour'>[];
    return rows
      .map((r) => ({ ...r, creditsPerHour: this.priceAt(r.code, at) }))
      .sort((a, b) => a.creditsPerHour - b.creditsPerHour || a.code.localeCompare(b.code));
  }

  /** One tier, or a refusal naming the tiers that exist. */
  get(code: string, at: number): InstanceTier {
    const tier = this.list(at).find((t) => t.code === code);
    if (!tier) {
      const known = this.list(at)
        .map((t) => t.code)
        .join(', ');
      throw new RefusedError('unknown_tier', `unknown instance tier '${code}': choose one of ${known}`);
    }
    return tier;
  }

  /** Hourly price of a tier in force at `at` (epoch ms). */
  priceAt(code: string, at: number): number {
    let history = this.priceCache.get(code);
    if (!history) {
      history = this.priceAtStmt.all(code) as { from: number; price: number }[];
      this.priceCache.set(code, history);
    }
    let price: number | undefined;
    for (const h of history) {
      if (h.from <= at) price = h.price;
      else break;
    }
    if (price === undefined) {
      // A tier always has a price from its creation; before it, the first price applies.
      if (!history[0]) throw new RefusedError('unknown_tier', `unknown instance tier '${code}'`);
      price = history[0].price;
    }
    return price;
  }

  /** The highest hourly price a tier has at any moment in [from, to] (bounds for forecasts). */
  maxPriceBetween(code: string, from: number, to: number): number {
    let max = this.priceAt(code, from);
    for (const h of this.priceCache.get(code) ?? []) {
      if (h.from > from && h.from <= to && h.price > max) max = h.price;
    }
    return max;
  }

  /** Sets a tier's price from `from` on (creating the tier when name and memory are given). */
  setPrice(code: string, creditsPerHour: number, from: number, create?: { name: string; memoryGb: number }): void {
    if (!Number.isSafeInteger(creditsPerHour) || creditsPerHour <= 0 || creditsPerHour > 10_000_000) {
      throw new RefusedError('invalid_price', 'a price must be a whole number of credits per hour between 1 and 10,000,000');
    }
    const tier = create && validateNewTier(create);
    this.db
      .transaction(() => {
        const exists = cachedStatement(this.db, 'SELECT 1 FROM instance_tiers WHERE code = ?').get(code);
        if (!exists) {
          if (!tier) throw new RefusedError('unknown_tier', `unknown instance tier '${code}'`);
          if (!/^[A-Z][A-Z0-9]{0,7}$/.test(code))
            throw new RefusedError('invalid_tier', 'a tier code is 1–8 capital letters or digits, starting with a letter');
          cachedStatement(this.db, 'INSERT INTO instance_tiers (code, name, memory_gb) VALUES (?, ?, ?)').run(code, tier.name, tier.memoryGb);
        }
        cachedStatement(
          this.db,
          'INSERT INTO instance_tier_prices (code, effective_from, credits_per_hour) VALUES (?, ?, ?) ON CONFLICT (code, effective_from) DO UPDATE SET credits_per_hour = excluded.credits_per_hour',
        ).run(code, from, creditsPerHour);
      })
      .immediate();
    this.priceCache.delete(code);
  }
}

/** A new tier's name (the names rule, at most 40 characters) and memory (whole GB, 1–100,000), or a refusal. */
function validateNewTier(t: { name: string; memoryGb: number }): { name: string; memoryGb: number } {
  const name = validateName(t.name, NAME_RULES.tier);
  if (!Number.isSafeInteger(t.memoryGb) || t.memoryGb < 1 || t.memoryGb > 100_000) {
    throw new RefusedError('invalid_memory', "a tier's memory is a whole number of GB from 1 to 100,000");
  }
  return { name, memoryGb: t.memoryGb };
}
