import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimulatedClock } from '../../core/clock.js';
import { isRefused } from '../../core/errors.js';
import type { Services } from '../../core/services.js';
import type { ApiError, Reply } from '../../../preload/contract.js';
import { dispatch } from '../handlers/dispatch.js';
import type { HandlerContext, HandlerTable, HostCapabilities } from '../handlers/handler-types.js';
import { HOST_CLOSE_WAIT_MS, PushHub } from '../handlers/push-hub.js';
import { Downloads } from './downloads.js';
import { SseClients } from './sse.js';
import { needTokenPage, notBuiltPage, readStatic, WEB_CSP } from './static-files.js';
import { moveClock } from './test-controls.js';
import { isAuthorized, newToken, originProblem, tokenCookie, tokenMatches } from './web-auth.js';

const MAX_BODY = 1_000_000;

export interface WebHostOptions {
  services: Services;
  table: HandlerTable;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  version: string;
  /** 0 picks a free port. */
  port?: number;
  /** The clock tests may move; routes /api/test/clock only when given. Off by default. */
  testClock?: SimulatedClock | null;
  host?: HostCapabilities;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Where exports wait for their one download (`<dataDir>/exports`); a fresh temporary folder when omitted. */
  exportsDir?: string;
}

/** A running web host. */
export interface WebHost {
  /** The origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The link that hands the token to a browser: origin + /?token=… */
  launchUrl: string;
  token: string;
  port: number;
  hub: PushHub;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** HTTP status of a transport-level failure (the request never reached a handler, or broke one). */
function statusFor(code: string): number {
  const map: Record<string, number> = { unknown_download: 404, invalid_input: 400, unauthorized: 401, forbidden: 403, unknown_channel: 404, not_available: 501, internal: 500 };
  return map[code] ?? 400;
}

/** Codes of a channel's reply that are failures of the transport or the host, not answers. */
const TRANSPORT_FAILURES = new Set(['unknown_channel', 'not_available', 'internal']);

/**
 * HTTP status of a channel's Reply. A refusal (an engine `RefusedError` or input
 * that fails the channel's schema) is a normal answer, so it is a 200 carrying
 * the error envelope: browsers log every non-2xx fetch as a console error, and
 * a refused card or a low balance is not an error of the page.
 */
function replyStatus(reply: Reply<unknown>): number {
  if (!('error' in reply)) return 200;
  return TRANSPORT_FAILURES.has(reply.error.code) ? statusFor(reply.error.code) : 200;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, statusFor(error.code), { error });
}

function sendHtml(res: ServerResponse, status: number, html: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': WEB_CSP, 'cache-control': 'no-store', ...extra });
  res.end(html);
}

/** Reads a JSON body (empty → {}); null when it is not JSON or too large. */
async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const type = req.headers['content-type'] ?? '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return { ok: false, message: 'request body too large' };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  // Requiring JSON forces a CORS preflight for any cross-origin page, which we never answer.
  if (!/^application\/json\b/i.test(type)) return { ok: false, message: 'send the body as application/json' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'the body is not valid JSON' };
  }
}

/**
 * Starts the loopback web host: the built renderer, `POST /api/<channel>` over
 * the handler table, `GET /api/events` (server-sent events) and, only with a
 * test clock, `POST /api/test/clock`. Protocol: docs/contract.md.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken();
  const hub = new PushHub(opts.services);
  const sse = new SseClients();
  const unsubscribe = hub.subscribe((event, payload) => sse.send(event, payload));
  const downloads = new Downloads(opts.exportsDir ?? (await mkdtemp(path.join(tmpdir(), 'burnrate-exports-'))));
  const host: HostCapabilities = {
    ...opts.host,
    prepareDownload: (fileName, mimeType) => downloads.prepare(fileName, mimeType),
    push: (event, payload) => hub.emit(event, payload),
    paymentsSyncStatus: () => hub.paymentsSyncStatus(),
  };
  const ctx: HandlerContext = { services: opts.services, transport: 'web', testControls: Boolean(opts.testClock), version: opts.version, host };
  let port = 0;

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const pathname = url.pathname;
    if (pathname.startsWith('/api/download/') && req.method === 'GET') return download(req, res, url);
    if (!isAuthorized(req, token, port)) return sendError(res, { code: 'unauthorized', message: 'missing or wrong token: open Burnrate with the link it printed' });
    if (pathname === '/api/events' && req.method === 'GET') {
      sse.open(res);
      sse.send('snapshot/changed', await hub.fresh(), res);
      return;
    }
    if (req.method !== 'POST') return sendError(res, { code: 'unknown_channel', message: 'use POST /api/<channel>' });
    const body = await readJson(req);
    if (!body.ok) return sendError(res, { code: 'invalid_input', message: body.message });
    if (pathname === '/api/test/clock') {
      if (!opts.testClock) return sendError(res, { code: 'unknown_channel', message: 'no such channel: test/clock' });
      try {
        const moved = moveClock(opts.testClock, body.value);
        await hub.refresh(true);
        return sendJson(res, 200, { result: moved });
      } catch (err) {
        if (isRefused(err)) return sendJson(res, 200, { error: { code: err.code, message: err.message } });
        throw err;
      }
    }
    const { reply, mutated } = await dispatch(opts.table, ctx, pathname.slice('/api/'.length), body.value);
    if (mutated) await hub.refresh();
    return sendJson(res, replyStatus(reply), reply);
  }

  /** `GET /api/download/<id>`: a one-time export, only with the token (cookie, header or `?token=`). */
  function download(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!isAuthorized(req, token, port) && !tokenMatches(url.searchParams.get('token'), token)) {
      return sendError(res, { code: 'unauthorized', message: 'missing or wrong token: open Burnrate with the link it printed' });
    }
    if (!downloads.serve(url.pathname.slice('/api/download/'.length), res, SECURITY_HEADERS)) {
      return sendError(res, { code: 'unknown_download', message: 'no such download (each export downloads once, within 15 minutes)' });
    }
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendHtml(res, 405, 'method not allowed');
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!tokenMatches(given, token)) return sendHtml(res, 401, needTokenPage());
      // Hand the token over as an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, { ...SECURITY_HEADERS, 'set-cookie': tokenCookie(token, port), location: url.pathname + url.search, 'cache-control': 'no-store' });
      return void res.end();
    }
    const asset = url.pathname !== '/' && url.pathname !== '/index.html' ? await readStatic(opts.rendererDir, url.pathname) : null;
    if (asset && !asset.type.startsWith('text/html')) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' });
      return void res.end(asset.body);
    }
    // Every other path is the single-page app's index, which only a token holder may load.
    if (!isAuthorized(req, token, port)) return sendHtml(res, 401, needTokenPage());
    const index = await readStatic(opts.rendererDir, '/index.html');
    return index ? sendHtml(res, 200, index.body) : sendHtml(res, 503, notBuiltPage(opts.rendererDir));
  }

  const server: Server = createServer((req, res) => {
    const problem = originProblem(req, port);
    if (problem) return sendError(res, { code: 'forbidden', message: problem });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const handle = url.pathname.startsWith('/api/') ? api(req, res, url) : page(req, res, url);
    handle.catch((err: unknown) => {
      console.error('[burnrate] web host request failed:', err);
      if (!res.headersSent) sendError(res, { code: 'internal', message: 'something went wrong' });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    launchUrl: `${origin}/?token=${token}`,
    token,
    port,
    hub,
    async close() {
      hub.close();
      // A sync in flight may be making a refill: let it finish before the caller closes the services under it.
      await hub.paymentsSynced(HOST_CLOSE_WAIT_MS);
      unsubscribe();
      sse.close();
      await downloads.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
