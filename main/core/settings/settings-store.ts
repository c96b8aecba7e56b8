import type { z } from 'zod';
import type { Db } from '../db/open-database.js';
import { RefusedError } from '../errors.js';
import { cachedStatement } from '../db/statement-cache.js';

/**
 * Typed key/value settings kept in the ledger database, so a setting and the
 * entries it governs commit together. Each key is read through a zod schema.
 */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  /** The stored value of `key` parsed by `schema`, or `fallback` when unset or unreadable. */
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = cachedStatement(this.db, 'SELECT value FROM settings WHERE key = ?', 'pluck').get(key) as string | undefined;
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  }

  /** Validates and stores `value` under `key`, refusing what the schema rejects. */
  set<T>(key: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new RefusedError('invalid_setting', `invalid ${key}${first?.path.length ? `.${first.path.join('.')}` : ''}: ${first?.message ?? 'rejected'}`);
    }
    cachedStatement(this.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      JSON.stringify(parsed.data),
    );
    return parsed.data;
  }
}
