/** Stripe-shaped errors. A thrown ApiError means "nothing changed": it rolls the request back. */
import type { ApiResult, JsonObject, Json } from './types.js';

/** Stripe links each error code to a page named after it, with hyphens. */
export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

/** Fields of Stripe's `error` object that the sandbox produces. */
export interface StripeErrorFields {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  [extra: string]: Json | undefined;
}

/** An error answer; thrown by handlers when a request is refused before anything happened. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly fields: StripeErrorFields,
  ) {
    super(fields.message);
  }

  /** The `{ error: {...} }` body Stripe sends. */
  toResult(): ApiResult {
    return errorResult(this.status, this.fields);
  }
}

/** Builds an error answer without throwing, for errors that must still commit state (declines). */
export function errorResult(status: number, fields: StripeErrorFields): ApiResult {
  const error: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) error[key] = value;
  if (typeof fields.code === 'string' && error.doc_url === undefined) error.doc_url = docUrl(fields.code);
  return { status, body: { error } };
}

/** 400 for a required parameter that is absent. */
export function missingParam(param: string): ApiError {
  return new ApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });
}

/** 400 for a parameter with an unusable value. */
export function invalidParam(param: string, message: string, code = 'parameter_invalid'): ApiError {
  return new ApiError(400, { type: 'invalid_request_error', code, param, message });
}

/** 404 for an object named in the URL, or 400 with `param` when named in a parameter — as Stripe does. */
export function noSuch(what: string, id: string, param?: string): ApiError {
  return new ApiError(param ? 400 : 404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${what}: '${id}'`,
    ...(param ? { param } : {}),
  });
}

/** 400 for an action the object's current state does not allow. */
export function unexpectedState(code: string | null, message: string): ApiError {
  return new ApiError(400, { type: 'invalid_request_error', message, ...(code ? { code } : {}) });
}

/** 404 for routes the sandbox does not know, worded like Stripe. */
export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

/** 401 for a missing, malformed or live key. */
export function authError(message: string): ApiError {
  return new ApiError(401, { type: 'invalid_request_error', message });
}
