/**
 * Idempotency keys, persisted in the sandbox DB so a retry after a restart
 * still replays. A key records the answer of a request that executed —
 * including card declines — but not of one refused before anything happened
 * (validation, unknown ids): Stripe saves no result then, so the key stays free.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';
import type { Store } from './store.js';
import type { Param, Params } from './types.js';

/** A saved first answer. */
export interface SavedAnswer {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
}

function canonical(value: Param): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as Param)}`).join(',')}}`;
}

/** Identifies "the same request": endpoint plus parameters, whatever their order on the wire. */
export function fingerprint(method: string, path: string, params: Params): string {
  return createHash('sha256')
    .update(`${method} ${path} ${canonical(params)}`)
    .digest('hex');
}

/** The saved answer for a key, if any. */
export function findAnswer(store: Store, key: string): SavedAnswer | undefined {
  const row = store.db.prepare('SELECT fingerprint, status, body, request_id AS requestId FROM idempotency_keys WHERE key = ?').get(key) as
    SavedAnswer | undefined;
  return row;
}

/** Saves the first answer for a key (inside the request's transaction). */
export function saveAnswer(store: Store, key: string, answer: SavedAnswer, now: number): void {
  store.db
    .prepare('INSERT INTO idempotency_keys (key, fingerprint, status, body, request_id, created) VALUES (?, ?, ?, ?, ?, ?)')
    .run(key, answer.fingerprint, answer.status, answer.body, answer.requestId, now);
}

/** Stripe's error for a key reused with other parameters. */
export function keyReusedError(key: string): ApiError {
  return new ApiError(400, {
    type: 'idempotency_error',
    message:
      'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
      `Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

/** Stripe caps keys at 255 characters. */
export function checkKey(key: string): void {
  if (key.length > 255) {
    throw new ApiError(400, {
      type: 'invalid_request_error',
      message: 'Idempotency keys must be at most 255 characters long.',
    });
  }
}
