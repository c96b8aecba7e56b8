/**
 * A request the engine refuses (bad input, a rule that forbids it, not enough
 * credits). Nothing has changed when one is thrown; the CLI exits 2 on it.
 */
export class RefusedError extends Error {
  readonly code: string;
  /** Facts a host may word its own hint from (plain JSON; never a secret). */
  readonly data?: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, data?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'RefusedError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }
}

/** True for errors that mean "refused, nothing changed" rather than a fault. */
export function isRefused(err: unknown): err is RefusedError {
  return err instanceof RefusedError;
}
