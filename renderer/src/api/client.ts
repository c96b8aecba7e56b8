import { toast } from '../app/toast-store';
import { isRefusal, RequestFailed, toApiError } from './api-error';
import type { BurnrateApi, Channel, ChannelInput, ChannelOutput, PushEvent, PushEvents, Reply } from './types';
import { createWebTransport } from './web-transport';

/**
 * The one gateway from the UI to Burnrate. In Electron the preload exposes
 * `window.burnrate`; in a plain browser (the web host) the same interface is
 * built over fetch + EventSource. Every failure becomes a toast HERE, so
 * features never write their own error plumbing.
 */
let transport: BurnrateApi | null = null;

function api(): BurnrateApi {
  if (!transport) transport = 'burnrate' in window && window.burnrate ? window.burnrate : createWebTransport();
  return transport;
}

export interface RequestOptions {
  /**
   * The caller shows refusals inline (coupon field, card decline): skip the toast
   * for them. Unexpected failures still toast.
   */
  inline?: boolean;
  /** A channel the host does not offer (yet) is not an error worth a toast. */
  optional?: boolean;
}

const MISSING = ['not_available', 'unknown_channel'];

function shouldToast(code: string, opts: RequestOptions): boolean {
  if (opts.optional && MISSING.includes(code)) return false;
  if (opts.inline && isRefusal(code)) return false;
  return true;
}

/** Calls a channel; resolves with its result or throws RequestFailed (already toasted). */
export async function request<C extends Channel>(channel: C, input: ChannelInput<C>, opts: RequestOptions = {}): Promise<ChannelOutput<C>> {
  const [domain, method] = channel.split('/') as [string, string];
  let reply: Reply<ChannelOutput<C>>;
  try {
    const group = (api() as unknown as Record<string, Record<string, (i: unknown) => Promise<Reply<ChannelOutput<C>>>>>)[domain];
    const fn = group?.[method];
    if (!fn) throw new RequestFailed({ code: 'unknown_channel', message: `This build has no '${channel}'` });
    reply = await fn(input);
  } catch (err) {
    const e = toApiError(err);
    if (shouldToast(e.code, opts)) toast(isRefusal(e.code) ? 'error' : 'critical', e.message);
    throw new RequestFailed(e);
  }
  if ('error' in reply) {
    if (shouldToast(reply.error.code, opts)) toast(isRefusal(reply.error.code) ? 'error' : 'critical', reply.error.message);
    throw new RequestFailed(reply.error);
  }
  return reply.result;
}

/** Like request, but a channel the host does not offer yet resolves to null (views degrade). */
export async function requestOptional<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C> | null> {
  try {
    return await request(channel, input, { optional: true });
  } catch (err) {
    if (err instanceof RequestFailed && MISSING.includes(err.code)) return null;
    throw err;
  }
}

/** Subscribes to a pushed event. */
export function subscribe<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
  return api().on(event, listener);
}
