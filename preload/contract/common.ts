/** Shared shapes of the contract: times, the reply envelope, errors, views. */

/** ISO-8601 UTC instant, e.g. "2025-03-01T14:02:00.000Z". */
export type Iso = string;
/** No input: send `{}`. */
export type Empty = Record<string, never>;

/** A refusal or failure: `code` is stable (RefusedError codes, plus the transport codes below). */
export interface ApiError {
  /**
   * Engine refusals keep their RefusedError code (`insufficient_credits`, `unknown_deployment`, …).
   * Transport codes: `invalid_input` (schema), `unknown_channel`, `not_available` (module not
   * in this build/host), `unauthorized`, `forbidden`, `internal`.
   */
  code: string;
  message: string;
  /**
   * For `invalid_input` from a channel's schema: the field it refused (dotted
   * path; null when it is the input as a whole) and why, in words without the
   * channel or field name, for a UI that shows the reason beside the field.
   */
  issue?: { field: string | null; reason: string };
  /** Facts of a refusal a host words its own hint from (e.g. a held catch-up's days and estimate). */
  data?: Record<string, unknown>;
}

/** Every call answers with exactly one of these (the wire format of HTTP and IPC alike). */
export type Reply<T> = { result: T } | { error: ApiError };

/** Screens the UI can be asked to show (notification clicks, tray items). */
export type View = 'dashboard' | 'deployments' | 'analysis' | 'billing' | 'alerts' | 'settings';
