import type { ApiError, Channel, ChannelInput, ChannelOutput, Reply } from '../../../preload/contract.js';
import { isChannel } from '../../../preload/channels.js';
import { isRefused, RefusedError } from '../../core/errors.js';
import { PaymentPendingError } from '../../core/payments/purchases.js';
import { uiWords } from './ui-words.js';
import type { Handler, HandlerContext, HandlerTable } from './handler-types.js';

/** A request whose input failed its channel's schema: the field and the reason apart, for a UI that shows them beside the field. */
export class InvalidInputError extends RefusedError {
  constructor(
    message: string,
    readonly issue: { field: string | null; reason: string },
  ) {
    super('invalid_input', message);
  }
}

/** Turns a zod failure into the refusal: one readable line naming the channel and the field, and the field and reason apart. */
function invalidInputError(channel: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): InvalidInputError {
  const first = issues[0];
  const field = first?.path.length ? first.path.map(String).join('.') : null;
  const reason = first?.message ?? 'invalid input';
  return new InvalidInputError(`${channel}: ${field ? `${field}: ` : ''}${reason}`, { field, reason });
}

/** The same refusal as a reply's error (the team server's own routes answer with it). */
export function invalidInput(channel: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  return apiError(invalidInputError(channel, issues));
}

/**
 * Runs one operation of the table and returns its plain-JSON result, or throws:
 * unknown channels and input that fails the channel's schema are refused
 * (RefusedError) before any handler runs; what a handler throws is thrown as is,
 * so an in-process host (the CLI's door) sees the engine's own errors.
 */
export async function invoke<C extends Channel>(table: HandlerTable, ctx: HandlerContext, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
export async function invoke(table: HandlerTable, ctx: HandlerContext, channel: unknown, input: unknown): Promise<unknown>;
export async function invoke(table: HandlerTable, ctx: HandlerContext, channel: unknown, input: unknown): Promise<unknown> {
  const h = handlerOf(table, channel);
  const parsed = h.schema.safeParse(input);
  if (!parsed.success) throw invalidInputError(String(channel), parsed.error.issues);
  const result = await h.handle(ctx, parsed.data as never);
  // Plain JSON only: whatever a handler returns crosses a process or network boundary.
  return JSON.parse(JSON.stringify(result ?? null)) as unknown;
}

function handlerOf(table: HandlerTable, channel: unknown): Handler<Channel> {
  if (!isChannel(channel)) throw new RefusedError('unknown_channel', `no such channel: ${String(channel).slice(0, 80)}`);
  const h = table[channel] as Handler<Channel> | undefined;
  if (!h) throw new RefusedError('not_available', `${channel} is not available in this build yet`);
  return h;
}

/** The outcome of one dispatch: the reply, and whether state may have changed. */
export interface Dispatched {
  reply: Reply<unknown>;
  mutated: boolean;
}

/** How a transport words a refusal: the UI's hints (the default), or the core's host-neutral words for a server whose clients add their own. */
export type RefusalWording = (f: { code: string; message: string; data?: Readonly<Record<string, unknown>> }) => string;

/** The core's words as they are (the team server: a CLI client adds its commands, an app its buttons). */
export const coreWords: RefusalWording = (f) => f.message;

/**
 * Runs one request through the table for a UI transport (Electron IPC, the web
 * host) and answers with a Reply: RefusedError keeps its code (and its data);
 * anything else becomes `internal` (details go to the log, not the UI).
 */
export async function dispatch(
  table: HandlerTable,
  ctx: HandlerContext,
  channel: unknown,
  input: unknown,
  words: RefusalWording = uiWords,
): Promise<Dispatched> {
  try {
    const result = await invoke(table, ctx, channel, input);
    return { reply: { result }, mutated: Boolean(table[channel as Channel]?.mutates) };
  } catch (err) {
    if (isRefused(err)) return { reply: { error: apiError(err, words) }, mutated: false };
    // "No answer from Stripe" is not a bug: the UI shows it as a refusal with its way forward (sync, never paying twice).
    if (err instanceof PaymentPendingError) return { reply: { error: apiError(new RefusedError(err.code, err.message, err.data), words) }, mutated: false };
    console.error(`[burnrate] ${String(channel).slice(0, 80)} failed:`, err);
    return { reply: { error: { code: 'internal', message: 'something went wrong; nothing was changed by this request' } }, mutated: false };
  }
}

/** A refusal as the wire carries it. */
function apiError(err: RefusedError, words: RefusalWording = uiWords): ApiError {
  const out: ApiError = { code: err.code, message: words(err) };
  if (err instanceof InvalidInputError) out.issue = err.issue;
  if (err.data !== undefined) out.data = JSON.parse(JSON.stringify(err.data)) as Record<string, unknown>;
  return out;
}
