/** Waits before reconnecting a dropped stream (as the host's `retry:` says). */
const RETRY_MS = 2000;

/** One server-sent event. */
export interface StreamEvent {
  event: string;
  data: string;
}

/** Splits a buffer into complete SSE blocks; returns the events and what is left over. */
export function parseSse(buffer: string): { events: StreamEvent[]; rest: string } {
  const events: StreamEvent[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Server-sent events over fetch, so the request can carry the session header
 * (EventSource cannot send headers). Reconnects after a drop; stops for good
 * on 401 (no session) or when `stop` is called.
 */
export function openEventStream(url: URL, headers: () => Record<string, string>, onEvent: (e: StreamEvent) => void): () => void {
  const abort = new AbortController();
  async function run(): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers() }, signal: abort.signal, cache: 'no-store' });
        if (res.status === 401) return;
        if (res.ok && res.body) {
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            const parsed = parseSse(buffer + value);
            buffer = parsed.rest;
            for (const e of parsed.events) onEvent(e);
          }
        }
      } catch {
        // Dropped (host restarting, network): tried again below.
      }
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  void run();
  return () => abort.abort();
}
