import type { Channel, ChannelInput, ChannelOutput, Reply } from '../../../preload/contract.js';
import { RefusedError } from '../../core/errors.js';

/**
 * The one way a host reaches the engine: one operation of the contract (a
 * channel of preload/contract.ts), answered with its result or thrown as a
 * coded refusal (RefusedError: bad input or a forbidden action, nothing
 * changed) or a fault (anything else). The CLI's commands see only this; the
 * local door runs the handler table in-process (local-door.ts), a remote one
 * (the team server's client mode) sends the same call over HTTP.
 */
export interface Door {
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
}

/** A reply's failure that is not a refusal (the CLI's exit 1): `internal`, or a payment whose outcome is not known yet. */
export class DoorFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DoorFault';
  }
}

/** Error codes of a reply that are faults rather than refusals. */
const FAULT_CODES: ReadonlySet<string> = new Set(['internal', 'payment_pending']);

/**
 * The result of a Reply, or its error thrown as a remote door must: a refusal
 * as RefusedError (code and data kept, so a host words it like an in-process
 * one), a fault as DoorFault.
 */
export function unwrapReply<T>(reply: Reply<T>): T {
  if ('result' in reply) return reply.result;
  const { code, message, data } = reply.error;
  if (FAULT_CODES.has(code)) throw new DoorFault(code, message, data);
  throw new RefusedError(code, message, data);
}
