import { CHANGED_EVENT, EVENTS_PATH } from '../server/protocol.js';
import { checkServerUrl, type ServerConnection } from './server-client.js';
import { SseParser } from './sse-parser.js';

/** What a follower of the server's event stream is told. */
export interface ServerEventHandlers {
  /** The org's change seq moved (or is this, on each connect): pull with `sync/pull` up to it. */
  changed(seq: number): void;
  /** The stream opened (true) or was lost (false): called on each transition only. */
  online(up: boolean): void;
  /** The server refused the token (401/403: unknown, revoked, or a removed member's); following goes on at the longest delay. */
  refused?(error: { code: string; message: string }): void;
}

export interface FollowOptions {
  /** The first reconnection delay (default 1 s); each failure in a row doubles it. */
  minDelayMs?: number;
  /** The longest reconnection delay (default 30 s). */
  maxDelayMs?: number;
  /** A stream silent this long (no event, no keep-alive) is taken as dead and reopened (default 45 s: three keep-alives). */
  idleTimeoutMs?: number;
  /** [0, 1): the jitter's source (tests). */
  random?: () => number;
  /** Where a handler's failure is reported (never the token). */
  log?: (line: string) => void;
}

/** A running follower. */
export interface ServerEventsFollower {
  /** Stops following: closes the stream, cancels a pending reconnection; no handler is called after it resolves. */
  stop(): Promise<void>;
}

type Attempt = { opened: boolean; refused: boolean };

/**
 * Follows `GET /api/events` of the team server (docs/server.md, "Event
 * stream"): calls `changed` with each seq the server sends (at once on every
 * connect, so a follower catches up after a reconnect), `online` on each
 * open/lost transition, and reconnects after any loss — a refused or failed
 * connect, a stream the server ended, one silent past `idleTimeoutMs` — with
 * a delay doubling from 1 s to 30 s, each drawn in [half, whole] of it so
 * clients cut off together do not come back together. A stream that was open
 * restarts the delays from the first. Throws (RefusedError) only for a URL
 * that is not http(s).
 */
export function followServerEvents(conn: ServerConnection, handlers: ServerEventHandlers, opts: FollowOptions = {}): ServerEventsFollower {
  const base = checkServerUrl(conn.url);
  const minDelay = opts.minDelayMs ?? 1_000;
  const maxDelay = Math.max(minDelay, opts.maxDelayMs ?? 30_000);
  const idleTimeout = opts.idleTimeoutMs ?? 45_000;
  const random = opts.random ?? Math.random;
  const log = opts.log ?? (() => undefined);
  const stopping = new AbortController();
  let up: boolean | null = null;

  /** Calls a handler; one that throws does not stop the follower. */
  const call = (name: string, fn: () => void) => {
    if (stopping.signal.aborted) return;
    try {
      fn();
    } catch (err) {
      log(`[burnrate] server events: the ${name} handler failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const report = (next: boolean) => {
    if (up === next) return;
    up = next;
    call('online', () => handlers.online(next));
  };

  async function attempt(): Promise<Attempt> {
    const cut = new AbortController();
    const onStop = () => cut.abort();
    stopping.signal.addEventListener('abort', onStop);
    let idle: NodeJS.Timeout | null = null;
    const touch = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => cut.abort(), idleTimeout);
    };
    touch();
    let opened = false;
    try {
      const res = await fetch(`${base}${EVENTS_PATH}`, {
        headers: { authorization: `Bearer ${conn.token}`, accept: 'text/event-stream', 'cache-control': 'no-cache' },
        signal: cut.signal,
        redirect: 'error',
      });
      if (res.status === 401 || res.status === 403) {
        const error = await refusal(res);
        call('refused', () => handlers.refused?.(error));
        return { opened, refused: true };
      }
      if (res.status !== 200 || !/^text\/event-stream/i.test(res.headers.get('content-type') ?? '') || !res.body) {
        await res.body?.cancel().catch(() => undefined);
        return { opened, refused: false };
      }
      opened = true;
      report(true);
      const parser = new SseParser((e) => {
        if (e.event !== CHANGED_EVENT) return;
        const seq = changedSeq(e.data);
        if (seq !== null) call('changed', () => handlers.changed(seq));
      });
      // Read with a reader that an abort cancels: aborting the fetch's signal alone left a read
      // pending forever now and then (a web host stuck on SIGTERM, in 4 of 4 runs under load), and
      // the idle timeout ends a dead stream the same way.
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const cancel = () => void reader.cancel().catch(() => undefined);
      cut.signal.addEventListener('abort', cancel);
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || cut.signal.aborted) break;
          touch();
          parser.push(value);
        }
      } finally {
        cut.signal.removeEventListener('abort', cancel);
      }
      if (!cut.signal.aborted) parser.end();
    } catch {
      // Unreachable, cut off, silent too long, or stopped: all are "lost", and the loop decides what next.
    } finally {
      if (idle) clearTimeout(idle);
      stopping.signal.removeEventListener('abort', onStop);
      cut.abort();
    }
    return { opened, refused: false };
  }

  const done = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const outcome = await attempt();
      if (stopping.signal.aborted) break;
      report(false);
      if (outcome.opened) failures = 0;
      const ceiling = outcome.refused ? maxDelay : Math.min(maxDelay, minDelay * 2 ** Math.min(failures, 30));
      failures += 1;
      await sleep(ceiling / 2 + (random() * ceiling) / 2, stopping.signal);
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await done;
    },
  };
}

/** The seq of a `changed` event's data, or null when it is not `{"seq": <whole number>}`. */
function changedSeq(data: string): number | null {
  try {
    const seq = (JSON.parse(data) as { seq?: unknown } | null)?.seq;
    return Number.isSafeInteger(seq) && (seq as number) >= 0 ? (seq as number) : null;
  } catch {
    return null;
  }
}

/** The server's `{error}` of a refusal (a proxy's page gives a generic one). */
async function refusal(res: Response): Promise<{ code: string; message: string }> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string' && typeof body.error.message === 'string') return { code: body.error.code, message: body.error.message };
  } catch {
    // not JSON
  }
  return { code: 'unauthorized', message: `the server refused the token (HTTP ${res.status})` };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
