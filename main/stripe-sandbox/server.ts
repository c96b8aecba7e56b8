/** The sandbox's HTTP front: auth, body parsing, faults, idempotency, dispatch. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { execute, makeCtx, render, sweep } from './context.js';
import { handleControl } from './control.js';
import { BodyTooLargeError, readBody } from './http-body.js';
import { ApiError, authError, unrecognizedUrl } from './errors.js';
import { applyExpand } from './expand.js';
import type { FaultControl } from './faults.js';
import { checkKey, findAnswer, fingerprint, keyReusedError, saveAnswer } from './idempotency.js';
import { newId } from './ids.js';
import { pinOwnPages } from './own-pages.js';
import { handlePage } from './pages.js';
import { parseForm } from './params.js';
import { matchRoute } from './routes.js';
import type { Store } from './store.js';
import type { ApiResult, Params } from './types.js';

/** What the server needs from its owner. */
export interface ServerDeps {
  store: Store;
  faults: FaultControl;
  clock: () => Date;
  /** `http://127.0.0.1:PORT`, known once listening. */
  baseUrl: () => string;
  /** True once close() began: late requests are cut off rather than touching a closed DB. */
  closing: () => boolean;
  /** The app's own sandbox: the one key it accepts (and no fault switches). Null: a developer's sandbox. */
  secretKey: string | null;
}

/** Compares keys in constant time (hashing first makes the lengths equal). */
function sameKey(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Accepts the sandbox's own key when it has one, else any test secret key
 * (Bearer, or Basic as curl -u sends it); refuses missing and live keys.
 */
function authenticate(header: string | undefined, secretKey: string | null): void {
  let key = '';
  if (header?.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header?.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    throw authError(
      'You did not provide an API key. You need to provide your API key in the Authorization header, ' +
        "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). " +
        'See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.',
    );
  }
  if (key.startsWith('sk_live_') || key.startsWith('rk_live_')) {
    throw authError('The Burnrate Stripe sandbox refuses live keys: it only simulates test mode. Use any sk_test_… key.');
  }
  // Only the prefix is echoed, as Stripe masks a key it does not know.
  const invalid = () => authError(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(4)}`);
  if (!key.startsWith('sk_test_') && !key.startsWith('rk_test_')) throw invalid();
  if (secretKey !== null && !sameKey(key, secretKey)) throw invalid();
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function send(res: ServerResponse, deps: ServerDeps, status: number, body: string, headers: Record<string, string>): void {
  const text = render(body, deps.baseUrl());
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const INJECTED: Record<'500' | '429', ApiResult> = {
  '500': {
    status: 500,
    body: { error: { type: 'api_error', message: 'An unknown error occurred (injected by the sandbox; nothing was done).' } },
  },
  '429': {
    status: 429,
    body: {
      error: {
        type: 'invalid_request_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits. ' +
          '(injected by the sandbox; nothing was done)',
      },
    },
  },
};

async function handleApi(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, path: string, query: string): Promise<void> {
  const method = req.method ?? 'GET';
  const requestId = newId('req');
  const key = method === 'POST' ? header(req, 'idempotency-key') : null;
  const apiVersion = header(req, 'stripe-version');
  const headers: Record<string, string> = { 'Request-Id': requestId, ...(apiVersion ? { 'Stripe-Version': apiVersion } : {}) };
  if (key) headers['Idempotency-Key'] = key;
  const reply = (r: ApiResult) => send(res, deps, r.status, JSON.stringify(r.body, null, 2), headers);

  const raw = await readBody(req);
  let params: Params;
  try {
    authenticate(req.headers.authorization, deps.secretKey);
    params = pinOwnPages(parseForm(method === 'POST' ? raw : query));
    if (key) checkKey(key);
  } catch (err) {
    if (err instanceof ApiError) return reply(err.toResult());
    throw err;
  }

  let drop = false;
  if (!path.startsWith('/v1/test_helpers/')) {
    if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
    const fault = deps.faults.decide(method, path);
    if (fault === '500' || fault === '429') return reply(INJECTED[fault]);
    drop = fault === 'drop';
  }
  if (deps.closing()) {
    req.socket.destroy();
    return;
  }
  sweep(deps.store, deps.clock);

  // From here to the answer everything is synchronous, so two requests with one key cannot interleave.
  const ctx = makeCtx(deps.store, deps.clock, requestId, key, apiVersion);
  const print = fingerprint(method, path, params);
  const saved = key ? findAnswer(deps.store, key) : undefined;
  let status: number;
  let body: string;
  if (key && saved) {
    if (saved.fingerprint !== print) return reply(keyReusedError(key).toResult());
    ({ status, body } = saved);
    headers['Idempotent-Replayed'] = 'true';
    headers['Original-Request'] = saved.requestId;
  } else {
    const match = matchRoute(method, path);
    const result = execute(ctx, () => {
      if (!match) throw unrecognizedUrl(method, path);
      const r = match.route.handler(ctx, params, match.params);
      const out = r.status === 200 ? { status: 200, body: applyExpand(deps.store, r.body, params) } : r;
      if (key) {
        const answer = { fingerprint: print, status: out.status, body: JSON.stringify(out.body, null, 2), requestId };
        saveAnswer(deps.store, key, answer, ctx.now);
      }
      return out;
    });
    status = result.status;
    body = JSON.stringify(result.body, null, 2);
  }
  if (drop) {
    // The operation is committed; the caller just never hears about it.
    req.socket.destroy();
    return;
  }
  send(res, deps, status, body, headers);
}

/** Routes one request to the API, the control routes or the hosted pages. */
async function route(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  // `GET //` or `GET http://[` parse as no URL at all: an answer, not an exception in the host's process.
  const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
  if (!url) {
    await readBody(req).catch(() => '');
    return send(res, deps, 400, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid request URL.' } }), {});
  }
  const path = url.pathname;
  if (path.startsWith('/v1/')) return handleApi(req, res, deps, path, url.search.slice(1));
  if (path.startsWith('/_sandbox/')) return handleControl(req, res, deps.faults, path, deps.store);
  return handlePage(req, res, deps, url);
}

/** Creates the HTTP server; call listen() on it. */
export function createSandboxServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    // Nothing a request does may escape this listener (route is async, and this handler cannot
    // throw): in the app's process an uncaught exception or rejection would end the app.
    route(req, res, deps).catch((err: unknown) => {
      try {
        // Bad input (a body over the cap, a refused name in a hosted page's form) is answered, not logged.
        const badInput = err instanceof BodyTooLargeError || err instanceof ApiError;
        // A bug, not an API answer: report it as Stripe's api_error so the SDK surfaces it.
        if (!badInput && !deps.closing()) console.error('[stripe-sandbox]', err);
        if (res.headersSent || res.destroyed) return;
        if (err instanceof BodyTooLargeError) {
          res.setHeader('Connection', 'close');
          return send(res, deps, 413, JSON.stringify({ error: { type: 'invalid_request_error', message: err.message } }), {});
        }
        if (err instanceof ApiError) return send(res, deps, err.status, JSON.stringify(err.toResult().body), {});
        const message = err instanceof Error ? err.message : String(err);
        send(res, deps, 500, JSON.stringify({ error: { type: 'api_error', message: `Sandbox error: ${message}` } }), {});
      } catch {
        res.destroy();
      }
    });
  });
  // The SDK keeps idle sockets without a timeout of its own; closing them after Node's default 5 s
  // races with a request picking one up (a spurious ECONNRESET), so keep them far longer.
  server.keepAliveTimeout = 120_000;
  return server;
}
