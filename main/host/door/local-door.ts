import { invoke } from '../handlers/dispatch.js';
import type { HandlerContext, HandlerTable } from '../handlers/handler-types.js';
import type { Door } from './door.js';

/**
 * The door of a host that runs the engine itself: each call goes through the
 * handler table in-process (schema, then the handler), and what the engine
 * throws is thrown unchanged, so refusals keep their code and data.
 */
export function localDoor(table: HandlerTable, ctx: HandlerContext): Door {
  return { call: (channel, input) => invoke(table, ctx, channel, input) };
}
