import { z } from 'zod';
import { CHANNELS } from '../../preload/channels.js';
import type { Channel } from '../../preload/contract.js';
import type { Door } from '../host/door/door.js';
import { dispatch, type Dispatched } from '../host/handlers/dispatch.js';
import { createHandlerTable } from '../host/handlers/handler-table.js';
import type { Handler, HandlerContext, HandlerTable } from '../host/handlers/handler-types.js';

/** Which channels change state (the handler table's own marks), so a host catches up after them. */
const MUTATES: ReadonlySet<Channel> = new Set(
  Object.entries(createHandlerTable())
    .filter(([, h]) => (h as Handler<Channel>).mutates)
    .map(([c]) => c as Channel),
);

/** A table whose every channel passes its input to `door` (which checks it: the server, or the replica's own table). */
function doorTable(door: Door): HandlerTable {
  const table: Record<string, Handler<Channel>> = {};
  for (const channel of CHANNELS) {
    table[channel] = {
      schema: z.unknown() as unknown as Handler<Channel>['schema'],
      mutates: MUTATES.has(channel),
      handle: (_ctx, input) => door.call(channel, input),
    };
  }
  return table as HandlerTable;
}

/** A stand-in context: the door carries everything the call needs. */
const NO_CONTEXT = {} as HandlerContext;

/**
 * One UI request through a door, answered as a local host's dispatch answers
 * (dispatch.ts): a refusal keeps its code and words, anything else is
 * `internal` (logged, never with the request's input).
 */
export function dispatchThroughDoor(door: Door, channel: unknown, input: unknown): Promise<Dispatched> {
  return dispatch(doorTable(door), NO_CONTEXT, channel, input);
}
