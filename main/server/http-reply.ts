import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../../preload/contract.js';

/** HTTP status of each error code the server answers with; any other refusal (a rule of the engine) is 422. */
const STATUS: Readonly<Record<string, number>> = {
  invalid_input: 400,
  invalid_date: 400,
  invalid_signature: 400,
  test_clock_off: 400,
  unauthorized: 401,
  forbidden: 403,
  unknown_route: 404,
  unknown_channel: 404,
  unknown_member: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  member_exists: 409,
  last_admin: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  // A payment whose outcome is not known yet is a fault of the moment, not a refusal: the client must not read "nothing changed".
  payment_pending: 500,
  not_available: 501,
  not_on_server: 501,
};

/** The HTTP status an error code is answered with. */
export function statusOf(code: string): number {
  return STATUS[code] ?? 422;
}

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Answers with a result (200). */
export function sendResult(res: ServerResponse, result: unknown): void {
  res.writeHead(200, HEADERS);
  res.end(JSON.stringify({ result: result ?? null }));
}

/**
 * Answers with an error at its status. When the request's body was not read
 * (refused before it, or cut off), the connection is closed after the answer
 * so the rest of the body is never waited for.
 */
export function sendError(res: ServerResponse, error: ApiError, req?: IncomingMessage): void {
  const body = JSON.stringify({ error });
  if (!req) {
    res.writeHead(statusOf(error.code), HEADERS);
    return void res.end(body);
  }
  res.writeHead(statusOf(error.code), { ...HEADERS, connection: 'close' });
  res.end(body, () => req.destroy());
}
