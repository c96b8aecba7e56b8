import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimulatedClock } from '../../core/clock.js';
import { isRefused } from '../../core/errors.js';
import type { Services } from '../../core/services.js';
import type { ApiError, Reply } from '../../../preload/contract.js';
import type { HandlerContext, HandlerTable, HostCapabilities } from '../handlers/handler-types.js';
import { HOST_CLOSE_WAIT_MS, PushHub } from '../handlers/push-hub.js';
import { Downloads } from './downloads.js';
import { SseClients } from './sse.js';
import type { LaunchFile } from './launch-file.js';
import { BODY_TIMEOUT_MS, readJsonBody } from './request-body.js';
import { notBuiltPage, readStatic, WEB_CSP } from './static-files.js';
import { hostDispatch, type TeamControl } from '../team/team-control.js';
import { moveClock } from './test-controls.js';
import { LAUNCH_CODE_TTL_MS, newToken, originProblem, WebSessions } from './web-auth.js';

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
  /** A session token registered from the start (tests, in-process scripts); a random one otherwise. Never printed. */
  token?: string;
  /** Kept holding a fresh launch link for the browser (`main.ts` opens it); none when omitted. */
  launchFile?: LaunchFile | null;
  /** How long a request body may take to arrive (default 10 s). */
  bodyTimeoutMs?: number;
  /** Where exports wait for their one download (`<dataDir>/exports`); a fresh temporary folder when omitted. */
  exportsDir?: string;
  /** The team server connection (team/…); connected, every request goes to the server's org instead of `services`. */
  team?: TeamControl;
}

/** A running web host. */
export interface WebHost {
  /** The origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** A first launch link: origin + /launch#code=… (single use, expires after 5 minutes). */
  launchUrl: string;
  /** Issues another launch link. */
  newLaunchUrl(): string;
  /** The launch file's path, when the host keeps one. */
  launchFile: string | null;
  /** The host's own session token (for tests and in-process callers). */
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
  const map: Record<string, number> = {
    unknown_download: 404,
    invalid_input: 400,
    unauthorized: 401,
    forbidden: 403,
    unknown_channel: 404,
    not_available: 501,
    internal: 500,
    unsupported_media_type: 415,
    request_timeout: 408,
    payload_too_large: 413,
  };
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
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': WEB_CSP,
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(html);
}

/**
 * Starts the loopback web host: the built renderer, `POST /api/<channel>` over
 * the handler table, `GET /api/events` (server-sent events) and, only with a
 * test clock, `POST /api/test/clock`. Protocol: docs/contract.md.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const sessions = new WebSessions();
  const token = sessions.addSession(opts.token ?? newToken());
  const hub = new PushHub(opts.services);
  const sse = new SseClients();
  // Connected, the local engine's pushes are not this UI's: the connected engine's are.
  const unsubscribe = hub.subscribe((event, payload) => {
    if (!opts.team?.connected()) sse.send(event, payload);
  });
  const unsubscribeTeam = opts.team?.subscribe((event, payload) => sse.send(event, payload));
  const downloads = new Downloads(opts.exportsDir ?? (await mkdtemp(path.join(tmpdir(), 'burnrate-exports-'))));
  const host: HostCapabilities = {
    ...opts.host,
    prepareDownload: (fileName, mimeType) => downloads.prepare(fileName, mimeType),
    push: (event, payload) => hub.emit(event, payload),
    paymentsSyncStatus: () => hub.paymentsSyncStatus(),
  };
  const ctx: HandlerContext = { services: opts.services, transport: 'web', testControls: Boolean(opts.testClock), version: opts.version, host };
  let port = 0;
  const launchUrl = (code: string) => `http://127.0.0.1:${port}/launch#code=${code}`;
  let fileCode: string | null = null;
  /** Puts a fresh launch link in the launch file (after its code was spent, or expired). */
  const refreshLaunchFile = async (): Promise<void> => {
    if (!opts.launchFile) return;
    fileCode = sessions.issueCode();
    await opts.launchFile.write(launchUrl(fileCode));
  };
  const unauthorized: ApiError = { code: 'unauthorized', message: 'no session: open Burnrate with a fresh launch link (the launch file it printed)' };

  /** Ends a request whose body was refused; a body still arriving is cut off. */
  function refuseBody(req: IncomingMessage, res: ServerResponse, status: number, error: ApiError): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    res.end(JSON.stringify({ error }), () => req.destroy());
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const pathname = url.pathname;
    if (pathname.startsWith('/api/download/') && req.method === 'GET') return download(res, url);
    if (pathname === '/api/session' && req.method === 'POST') return exchange(req, res);
    if (!sessions.isAuthorized(req)) return sendError(res, unauthorized);
    if (pathname === '/api/events' && req.method === 'GET') {
      sse.open(res);
      const connected = opts.team?.connected();
      const snap = connected ? await connected.fresh() : await hub.fresh();
      if (snap) sse.send('snapshot/changed', snap, res);
      return;
    }
    if (req.method !== 'POST') return sendError(res, { code: 'unknown_channel', message: 'use POST /api/<channel>' });
    const body = await readJsonBody(req, opts.bodyTimeoutMs ?? BODY_TIMEOUT_MS);
    if (!body.ok) return refuseBody(req, res, body.status, { code: body.code, message: body.message });
    if (pathname === '/api/session/launch') return sendJson(res, 200, { result: { launchUrl: launchUrl(sessions.issueCode()) } });
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
    const { reply, mutated } = await hostDispatch(opts.table, ctx, opts.team, pathname.slice('/api/'.length), body.value);
    // Connected, the connected engine catches up after an action itself.
    if (mutated && !opts.team?.connected()) await hub.refresh();
    return sendJson(res, replyStatus(reply), reply);
  }

  /**
   * `POST /api/session {code}`: spends a launch code for a session token (the
   * only call without one). A code works once, within LAUNCH_CODE_TTL_MS.
   */
  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, opts.bodyTimeoutMs ?? BODY_TIMEOUT_MS);
    if (!body.ok) return refuseBody(req, res, body.status, { code: body.code, message: body.message });
    const code = (body.value as { code?: unknown } | null)?.code;
    const session = sessions.exchange(code);
    if (!session)
      return sendError(res, {
        code: 'unauthorized',
        message: 'this launch link was already used or has expired: open Burnrate with a fresh one (the launch file it printed)',
      });
    if (code === fileCode) await refreshLaunchFile();
    return sendJson(res, 200, { result: { token: session } });
  }

  /**
   * `GET /api/download/<id>`: a one-time export. The id (128 random bits,
   * handed only to a session's export call, one download, expires) is the
   * capability: a plain link must work, and a link cannot carry a header.
   */
  function download(res: ServerResponse, url: URL): void {
    if (!downloads.serve(url.pathname.slice('/api/download/'.length), res, SECURITY_HEADERS)) {
      return sendError(res, { code: 'unknown_download', message: 'no such download (each export downloads once, within 5 minutes)' });
    }
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendHtml(res, 405, 'method not allowed');
    const asset = url.pathname !== '/' && url.pathname !== '/index.html' ? await readStatic(opts.rendererDir, url.pathname) : null;
    if (asset && !asset.type.startsWith('text/html')) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' });
      return void res.end(asset.body);
    }
    // Every other path (`/launch` included) is the single-page app's index. It holds no secret: the page
    // gets in by spending the launch code in its URL's fragment (never sent to a server) for a session.
    const index = await readStatic(opts.rendererDir, '/index.html');
    return index ? sendHtml(res, 200, index.body) : sendHtml(res, 503, notBuiltPage(opts.rendererDir));
  }

  const server: Server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    const problem = originProblem(req, port, req.method === 'GET' && !(req.url ?? '').startsWith('/api/'));
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
  // Node's own backstop for slow senders (headers included), checked every second instead of every 30.
  server.headersTimeout = opts.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  server.requestTimeout = (opts.bodyTimeoutMs ?? BODY_TIMEOUT_MS) * 2;
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  await refreshLaunchFile();
  // An expired code in the file is useless: put a fresh one there in time.
  const rotation = setInterval(
    () => void refreshLaunchFile().catch((e: unknown) => console.error('[burnrate] launch file not refreshed:', e)),
    LAUNCH_CODE_TTL_MS / 2,
  );
  rotation.unref();
  return {
    origin,
    launchUrl: launchUrl(sessions.issueCode()),
    newLaunchUrl: () => launchUrl(sessions.issueCode()),
    launchFile: opts.launchFile?.file ?? null,
    token,
    port,
    hub,
    async close() {
      clearInterval(rotation);
      hub.close();
      // A sync in flight may be making a refill: let it finish before the caller closes the services under it.
      await hub.paymentsSynced(HOST_CLOSE_WAIT_MS);
      unsubscribe();
      unsubscribeTeam?.();
      sse.close();
      await downloads.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opts.launchFile?.remove();
    },
  };
}
