import type { ApiError, Channel, Reply } from '../../../preload/contract.js';
import { isChannel } from '../../../preload/channels.js';
import { isRefused } from '../../core/errors.js';
import type { Handler, HandlerContext, HandlerTable } from './handler-types.js';

/** Turns a zod failure into the refusal: one readable line naming the channel and the field, and the field and reason apart. */
export function invalidInput(channel: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  const first = issues[0];
  const field = first?.path.length ? first.path.map(String).join('.') : null;
  const reason = first?.message ?? 'invalid input';
  return { code: 'invalid_input', message: `${channel}: ${field ? `${field}: ` : ''}${reason}`, issue: { field, reason } };
}

/** The outcome of one dispatch: the reply, and whether state may have changed. */
export interface Dispatched {
  reply: Reply<unknown>;
  mutated: boolean;
}

/**
 * Runs one request through the table: unknown channels and input that fails
 * the channel's schema are refused before any handler runs; RefusedError keeps
 * its code; anything else becomes `internal` (details go to the log, not the UI).
 */
export async function dispatch(table: HandlerTable, ctx: HandlerContext, channel: unknown, input: unknown): Promise<Dispatched> {
  if (!isChannel(channel)) return fail({ code: 'unknown_channel', message: `no such channel: ${String(channel).slice(0, 80)}` });
  const h = table[channel] as Handler<Channel> | undefined;
  if (!h) return fail({ code: 'not_available', message: `${channel} is not available in this build yet` });
  const parsed = h.schema.safeParse(input);
  if (!parsed.success) return fail(invalidInput(channel, parsed.error.issues));
  try {
    const result = await h.handle(ctx, parsed.data as never);
    // Plain JSON only: whatever a handler returns crosses a process or network boundary.
    return { reply: { result: JSON.parse(JSON.stringify(result ?? null)) as unknown }, mutated: Boolean(h.mutates) };
  } catch (err) {
    if (isRefused(err)) return { reply: { error: { code: err.code, message: err.message } }, mutated: false };
    console.error(`[burnrate] ${channel} failed:`, err);
    return fail({ code: 'internal', message: 'something went wrong; nothing was changed by this request' });
  }
}

function fail(error: ApiError): Dispatched {
  return { reply: { error }, mutated: false };
}
