import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../../preload/contract.js';
import type { MemberDirectory, TokenOwner } from '../core/team/member-directory.js';
import type { OrgChangeFeed } from '../core/team/org-change-feed.js';
import { sendError } from './http-reply.js';
import { CHANGED_EVENT, EVENTS_PATH, EVENTS_ROLE } from './protocol.js';
import { roleAllows } from './roles.js';
import { isTokenShaped, tokenHash } from './tokens.js';

/** Keep-alive comment interval when none is configured: under the 30–60 s idle cut of common proxies. */
export const DEFAULT_KEEP_ALIVE_MS = 15_000;

/** A stream whose client stopped reading this much is ended (its events are tiny: it is gone or stuck). */
const MAX_BUFFERED = 64 * 1024;

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx would otherwise hold the events back in its buffer.
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface EventStreamOptions {
  members: MemberDirectory;
  /** Null on a server that follows no store's changes: the route answers `not_available`. */
  feed: OrgChangeFeed | null;
  keepAliveMs?: number;
  /** How a request without a token, or with an unknown one, is refused (as on every other route). */
  refusals: { noToken: ApiError; unauthorized: ApiError };
  /** The request's bearer token, or null. */
  bearerToken(req: IncomingMessage): string | null;
  log: (line: string) => void;
}

/** The event streams of one server host. */
export interface EventStreams {
  /** Answers `GET /api/events`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Ends every open stream (the server is closing). */
  endAll(): void;
}

/**
 * `GET /api/events` (docs/server.md, "Event stream"): once the token is
 * authenticated, a `changed` event with the org's seq at once, then one each
 * time it moves past the last one sent, and a `: keep-alive` comment every
 * keep-alive interval. Before each keep-alive the token is authenticated
 * again (one round trip): a token revoked — or a member removed — by any
 * process ends its streams within one interval. A failure of that check (the
 * database unreachable) ends the stream too: the client reconnects, and is
 * let in again only with a token the database still knows.
 */
export function eventStreams(opts: EventStreamOptions): EventStreams {
  const keepAliveMs = opts.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const open = new Set<() => void>();
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendError(res, { code: 'method_not_allowed', message: `use GET ${EVENTS_PATH}` }, req);
    const token = opts.bearerToken(req);
    if (token === null) return sendError(res, opts.refusals.noToken, req);
    const hash = isTokenShaped(token) ? tokenHash(token) : null;
    const owner = hash === null ? null : await opts.members.authenticate(hash);
    if (!owner || hash === null) return sendError(res, opts.refusals.unauthorized, req);
    if (!roleAllows(owner.role, EVENTS_ROLE)) {
      return sendError(res, { code: 'forbidden', message: `${EVENTS_PATH} needs the ${EVENTS_ROLE} role; this token is a ${owner.role}'s` }, req);
    }
    if (!opts.feed) return sendError(res, { code: 'not_available', message: `${EVENTS_PATH} is not served by this server` }, req);
    return follow(req, res, owner, hash, opts.feed);
  }

  async function follow(req: IncomingMessage, res: ServerResponse, owner: TokenOwner, hash: string, feed: OrgChangeFeed): Promise<void> {
    let lastSent = -1;
    /** Seqs offered before the stream opened: the first event carries the newest of them and the first read. */
    let early = -1;
    let started = false;
    let ended = false;
    // Subscribed before the first read: a change committed after that read is notified, one before it is in it.
    const unsubscribe = feed.subscribe(owner.orgId, (seq) => (started ? send(seq) : (early = Math.max(early, seq))));
    let first: number;
    try {
      first = await feed.current(owner.orgId);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    if (req.socket.destroyed || closing) {
      unsubscribe();
      // Opened while the server closes: ended at once, so the client reconnects (to another process).
      if (closing) res.writeHead(200, HEADERS).end();
      return;
    }

    const send = (seq: number) => {
      if (ended || seq <= lastSent) return;
      lastSent = seq;
      write(`event: ${CHANGED_EVENT}\nid: ${seq}\ndata: ${JSON.stringify({ seq })}\n\n`);
    };
    const write = (text: string) => {
      if (ended) return;
      res.write(text);
      if (res.writableLength > MAX_BUFFERED) end();
    };
    const timer = setInterval(() => void keepAlive(), keepAliveMs);
    timer.unref();
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      unsubscribe();
      open.delete(end);
      res.end();
    };
    open.add(end);
    res.once('close', end);
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true, keepAliveMs);

    async function keepAlive(): Promise<void> {
      let still: TokenOwner | null = null;
      try {
        still = await opts.members.authenticate(hash);
      } catch (err) {
        opts.log(`[burnrate server] ${EVENTS_PATH}: could not check a token again (${err instanceof Error ? err.message : String(err)}); stream ended`);
      }
      if (!still || still.orgId !== owner.orgId || still.memberId !== owner.memberId || !roleAllows(still.role, EVENTS_ROLE)) return end();
      write(': keep-alive\n\n');
    }

    res.writeHead(200, HEADERS);
    started = true;
    send(Math.max(first, early));
  }

  return {
    handle,
    endAll() {
      closing = true;
      for (const end of [...open]) end();
    },
  };
}
