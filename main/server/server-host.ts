import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, fixedClock, parseInstant, systemClock } from '../core/clock.js';
import { isRefused, RefusedError } from '../core/errors.js';
import { isChannel } from '../../preload/channels.js';
import type { ApiError, Channel, Reply } from '../../preload/contract.js';
import { invalidInput } from '../host/handlers/dispatch.js';
import { BODY_TIMEOUT_MS, readJsonBody, readRawBody } from '../host/web/request-body.js';
import { sendError, sendResult } from './http-reply.js';
import type { MemberDirectory, TokenOwner } from '../core/team/member-directory.js';
import { API_PREFIX, EVENTS_PATH, HEALTH_PATH, NOW_HEADER, SERVER_ROUTE_SCHEMAS } from './protocol.js';
import { eventStreams } from './event-stream.js';
import type { OrgChangeFeed } from '../core/team/org-change-feed.js';
import { CHANNEL_ROLES, type Role, roleAllows, SERVER_ROUTE_ROLES, type ServerRoute } from './roles.js';
import { SERVER_ROUTES, type SyncSource } from './server-routes.js';
import { isTokenShaped, tokenHash } from './tokens.js';

/** Runs one handler-table channel for an org (the engine on the server's store); its reply as the other hosts give it. */
export interface ChannelRunner {
  run(owner: TokenOwner, channel: Channel, input: unknown, clock: Clock): Promise<Reply<unknown>>;
}

/** What a Stripe webhook delivery came to: kept (or seen before), or refused as not Stripe's. */
export type WebhookOutcome = { ok: true; eventId: string; duplicate: boolean } | { ok: false; message: string };

/** Stripe's deliveries to `POST /v1/stripe/webhook` (verified on the raw body by whoever implements it). */
export interface StripeWebhookReceiver {
  receive(raw: Buffer, signature: string | undefined, clock: Clock): WebhookOutcome;
}

/** Where Stripe delivers events (the path a Stripe webhook endpoint is configured with). */
export const STRIPE_WEBHOOK_PATH = '/v1/stripe/webhook';

export interface ServerHostOptions {
  members: MemberDirectory;
  /** The engine's channels; null while the server does not run the engine (they answer `not_available`). */
  channels: ChannelRunner | null;
  /** The org's changes for clients' replicas (`sync/pull`); absent, that route answers `not_available`. */
  sync?: SyncSource;
  /** The org change feed `GET /api/events` follows; absent, that route answers `not_available`. */
  events?: OrgChangeFeed | null;
  /** Milliseconds between an event stream's keep-alives, each after the token is checked again (default 15 s). */
  keepAliveMs?: number;
  /** Stripe's webhook deliveries; absent (404) when the server has no STRIPE_WEBHOOK_SECRET. */
  stripeWebhook?: StripeWebhookReceiver | null;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Take each request's clock from its NOW_HEADER (`server --test-clock`); otherwise a request carrying one is refused. */
  testClock: boolean;
  /** How long a request body may take to arrive (default 10 s). */
  bodyTimeoutMs?: number;
  /** How long `close()` lets requests in flight finish before it cuts their connections (default 10 s). */
  drainMs?: number;
  /** Where faults are written (never a token or a request body). */
  log?: (line: string) => void;
}

/** A listening team server. */
export interface ServerHost {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  /** Stops taking connections, lets requests in flight finish (up to drainMs), then closes every connection. */
  close(): Promise<void>;
}

const UNAUTHORIZED: ApiError = { code: 'unauthorized', message: 'unknown or revoked token: ask an admin of your org for a new one' };
const NO_TOKEN: ApiError = { code: 'unauthorized', message: 'no token: pass --token (env BURNRATE_TOKEN)' };

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

/** The role `name` needs, or null when it is no route of the server. */
function neededRole(name: string): Role | null {
  if (Object.hasOwn(SERVER_ROUTE_ROLES, name)) return SERVER_ROUTE_ROLES[name as ServerRoute];
  return isChannel(name) ? CHANNEL_ROLES[name] : null;
}

/** "members/add needs the admin role; this token is a lead's" */
function roleRefusal(name: string, needs: Role, owner: TokenOwner): ApiError {
  return { code: 'forbidden', message: `${name} needs the ${needs} role; this token is a ${owner.role}'s (${owner.email})` };
}

/**
 * Starts the team server's HTTP API: `GET /health`, and `POST /api/<name>`
 * for the server's routes (whoami, members/…) and the handler-table channels.
 * Each request is taken through the same steps — authenticate the bearer
 * token (in the database, every time: the server keeps no session, so any
 * process can answer and a removed member is refused at once), find the
 * route, check the role, read the clock, check the input, run — and answered
 * `{result}` or `{error: {code, message}}` at a status that says which.
 */
export async function startServerHost(opts: ServerHostOptions): Promise<ServerHost> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  const streams = eventStreams({
    members: opts.members,
    feed: opts.events ?? null,
    keepAliveMs: opts.keepAliveMs,
    refusals: { noToken: NO_TOKEN, unauthorized: UNAUTHORIZED },
    bearerToken,
    log,
  });

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, { code: 'method_not_allowed', message: `use POST ${API_PREFIX}<name>` }, req);
    const token = bearerToken(req);
    if (token === null) return sendError(res, NO_TOKEN, req);
    const owner = isTokenShaped(token) ? await opts.members.authenticate(tokenHash(token)) : null;
    if (!owner) return sendError(res, UNAUTHORIZED, req);
    const body = await readJsonBody(req, bodyTimeoutMs);
    if (!body.ok) return sendError(res, { code: body.code, message: body.message }, req);
    const needs = neededRole(name);
    if (!needs) return sendError(res, { code: 'unknown_route', message: `no such route: ${name.slice(0, 80)}` });
    if (!roleAllows(owner.role, needs)) return sendError(res, roleRefusal(name, needs, owner));
    const clock = requestClock(req);
    if (isChannel(name)) return channel(res, owner, name, body.value, clock);
    const route = name as ServerRoute;
    const parsed = SERVER_ROUTE_SCHEMAS[route].safeParse(body.value);
    if (!parsed.success) return sendError(res, invalidInput(route, parsed.error.issues));
    const run = SERVER_ROUTES[route] as (call: {
      owner: TokenOwner;
      input: unknown;
      members: MemberDirectory;
      clock: Clock;
      sync: SyncSource | null;
    }) => Promise<unknown>;
    return sendResult(res, await run({ owner, input: parsed.data, members: opts.members, clock, sync: opts.sync ?? null }));
  }

  /** Stripe's delivery: no token (Stripe has none), the signature over the raw body is the authentication. */
  async function stripeWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, { code: 'method_not_allowed', message: `use POST ${STRIPE_WEBHOOK_PATH}` }, req);
    if (!opts.stripeWebhook) {
      return sendError(res, { code: 'unknown_route', message: 'this server takes no Stripe webhooks: start it with STRIPE_WEBHOOK_SECRET set' }, req);
    }
    const body = await readRawBody(req, bodyTimeoutMs);
    if (!body.ok) return sendError(res, { code: body.code, message: body.message }, req);
    const sig = req.headers['stripe-signature'];
    const outcome = opts.stripeWebhook.receive(body.raw, typeof sig === 'string' ? sig : undefined, requestClock(req));
    if (!outcome.ok) return sendError(res, { code: 'invalid_signature', message: `not a delivery from Stripe: ${outcome.message}` });
    return sendResult(res, { received: true, eventId: outcome.eventId, duplicate: outcome.duplicate });
  }

  async function channel(res: ServerResponse, owner: TokenOwner, name: Channel, input: unknown, clock: Clock): Promise<void> {
    if (!opts.channels) return sendError(res, { code: 'not_available', message: `${name} is not served by this server yet` });
    const reply = await opts.channels.run(owner, name, input, clock);
    if ('error' in reply) return sendError(res, reply.error);
    return sendResult(res, reply.result);
  }

  /** The request's clock: the client's `--now` on a test-clock server (refused on any other), else the machine's. */
  function requestClock(req: IncomingMessage): Clock {
    const now = req.headers[NOW_HEADER];
    if (now === undefined) return systemClock;
    if (!opts.testClock)
      throw new RefusedError(
        'test_clock_off',
        'this server does not take a client clock (--now / BURNRATE_NOW): it runs on real time unless started with --test-clock',
      );
    return fixedClock(parseInstant(now, '--now'));
  }

  const server: Server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://server');
    let handled: Promise<void>;
    if (url.pathname === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) handled = Promise.resolve(sendResult(res, { ok: true }));
    else if (url.pathname === EVENTS_PATH) handled = streams.handle(req, res);
    else if (url.pathname.startsWith(API_PREFIX)) handled = api(req, res, url.pathname.slice(API_PREFIX.length));
    else if (url.pathname === STRIPE_WEBHOOK_PATH) handled = stripeWebhook(req, res);
    else handled = Promise.resolve(sendError(res, { code: 'unknown_route', message: `no such route: use POST ${API_PREFIX}<name>` }, req));
    handled.catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (isRefused(err)) return sendError(res, { code: err.code, message: err.message, ...(err.data ? { data: { ...err.data } } : {}) });
      log(`[burnrate server] ${req.method} ${url.pathname} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, { code: 'internal', message: 'something went wrong on the server; nothing was changed by this request' });
    });
  });
  server.headersTimeout = bodyTimeoutMs;
  // The client closes an idle kept-alive connection first (it follows the Keep-Alive hint, less a second):
  // a server closing at 5 s (Node's default) races a client reusing the socket then, and that request fails
  // with "other side closed", applied or not (seen under load). Load balancers keep 60 s for the same reason.
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = bodyTimeoutMs * 2;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), opts.drainMs ?? 10_000);
        // A kept-alive connection is idle between requests: close each one as soon as its request is answered.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(cut);
          clearInterval(sweep);
          resolve();
        });
        // An event stream never ends by itself: end each one, so its connection is idle and swept.
        streams.endAll();
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
