import type { ApiError } from './types';

/** A request that failed; already shown as a toast unless the caller shows it inline. */
export class RequestFailed extends Error {
  readonly code: string;
  /** For input a channel's schema refused: the field and the reason apart. */
  readonly issue: ApiError['issue'];
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'RequestFailed';
    this.code = error.code;
    this.issue = error.issue;
  }

  /** Why, in words to show beside the field: a schema's reason without the channel and field names, else the message. */
  get reason(): string {
    return this.issue?.reason ?? this.message;
  }
}

/** Codes that mean "the engine said no to this input": expected, worded for the user. */
export function isRefusal(code: string): boolean {
  return !['internal', 'unauthorized', 'forbidden', 'unknown_channel', 'transport'].includes(code);
}

/** Turns a thrown value into the error shape the contract uses. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof RequestFailed) return { code: err.code, message: err.message, ...(err.issue ? { issue: err.issue } : {}) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'transport', message: `Could not reach Burnrate: ${message}` };
}
