import { openEventStream } from './event-stream';
import type { BurnrateApi, PushEvent, PushEvents, Reply } from './types';
import { SESSION_HEADER, sessionToken } from './web-session';

/**
 * `window.burnrate` for a plain browser talking to the loopback web host
 * (docs/contract.md): each channel is `POST /api/<channel>` with a JSON body;
 * pushed events arrive over `GET /api/events` (SSE, read through fetch). Every
 * request carries this tab's session token in a header (web-session.ts).
 */

function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return token ? { [SESSION_HEADER]: token } : {};
}

/** Builds the typed API over HTTP + SSE. */
export function createWebTransport(): BurnrateApi {
  const base = new URL('/api/', window.location.origin);

  async function call(channel: string, input: unknown): Promise<Reply<unknown>> {
    const res = await fetch(new URL(channel, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      credentials: 'omit',
      body: JSON.stringify(input ?? {}),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as Reply<unknown>;
    } catch {
      return { error: { code: 'internal', message: `Burnrate answered ${res.status} ${res.statusText}` } };
    }
  }

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let streaming = false;

  function ensureStream(): void {
    if (streaming) return;
    streaming = true;
    openEventStream(new URL('events', base), authHeaders, (e) => {
      const bucket = listeners.get(e.event);
      if (!bucket) return;
      const payload = JSON.parse(e.data) as unknown;
      for (const l of bucket) l(payload);
    });
  }

  function on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      ensureStream();
    }
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  // domain.method → POST /api/domain/method, for whatever the contract lists.
  const domains = new Proxy({} as Record<string, unknown>, {
    get(cache, domain: string) {
      if (domain === 'on') return on;
      if (typeof domain !== 'string' || domain === 'then') return undefined;
      cache[domain] ??= new Proxy({}, { get: (_t, method: string) => (input: unknown) => call(`${domain}/${method}`, input) });
      return cache[domain];
    },
  });
  return domains as unknown as BurnrateApi;
}
