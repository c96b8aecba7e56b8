import { CHANNELS, isPushEvent } from './channels.js';
import type { BurnrateApi, Channel, PushEvent, PushEvents, Reply } from './contract.js';

/** Sends one request over some transport (IPC, fetch) and resolves with its Reply. */
export type Send = (channel: Channel, input: unknown) => Promise<Reply<unknown>>;
/** Subscribes to one pushed event over some transport; returns the unsubscribe function. */
export type Subscribe = (event: PushEvent, listener: (payload: unknown) => void) => () => void;

/**
 * Builds `window.burnrate` from a transport: one method per contract channel,
 * grouped by domain. Shared by the Electron preload and the browser client of
 * the web host, so both expose exactly the same object. No generic invoke: a
 * channel that is not in the contract has no method.
 */
export function buildApi(send: Send, subscribe: Subscribe): BurnrateApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<Reply<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [domain, method] = channel.split('/') as [string, string];
    api[domain] ??= {};
    api[domain][method] = (input: unknown) => send(channel, input ?? {});
  }
  const on = <E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): (() => void) => {
    if (!isPushEvent(event)) throw new Error(`unknown event ${String(event)}`);
    return subscribe(event, listener as (payload: unknown) => void);
  };
  return { ...api, on } as unknown as BurnrateApi;
}
