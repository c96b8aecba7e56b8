import { RefusedError } from '../core/errors.js';
import type { Reply } from '../../preload/contract.js';
import { API_PREFIX, NOW_HEADER, type ServerRoutes } from '../server/protocol.js';

/**
 * The team server could not be reached (nothing was sent, or a proxy in front
 * of it answered that no server was there): nothing changed. The CLI exits 3.
 */
export class ServerUnreachableError extends Error {
  readonly code = 'server_unreachable';

  constructor(message: string) {
    super(message);
    this.name = 'ServerUnreachableError';
  }
}

/** Where a client calls, as whom, and (a test-clock server only) at which instant. */
export interface ServerConnection {
  /** The server's base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  token: string;
  /** ISO-8601 instant sent as the request's clock (the CLI's --now). */
  now?: string;
}

/** Network failures that happen before a request reaches a server: the request cannot have been applied. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Refuses a base URL that is not http(s) with a host; returns it without a trailing slash. */
export function checkServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RefusedError('invalid_server_url', `--server ${JSON.stringify(text.slice(0, 80))} is not a URL, e.g. http://127.0.0.1:8787`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host || url.username || url.password || url.search || url.hash) {
    throw new RefusedError('invalid_server_url', '--server is an http:// or https:// URL with no user, query or fragment, e.g. https://burnrate.example.com');
  }
  return url.href.replace(/\/+$/, '');
}

/** The error code carried by a network failure (undici wraps it in `cause`). */
function networkCode(err: unknown): string | null {
  const cause = (err as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  // A name that resolves to several addresses fails with an AggregateError of them.
  const first = cause?.errors?.[0]?.code;
  return typeof first === 'string' ? first : null;
}

/**
 * Calls one route of the team server and returns its result. A refusal
 * (any 4xx with an error body) is a RefusedError with the server's code and
 * message; a server that cannot be reached is a ServerUnreachableError; a
 * fault of the server (5xx) is a plain Error.
 */
export async function callServer<R extends keyof ServerRoutes>(
  conn: ServerConnection,
  route: R,
  input: ServerRoutes[R]['input'],
): Promise<ServerRoutes[R]['output']> {
  return (await callServerName(conn, route, input)) as ServerRoutes[R]['output'];
}

/** Calls `POST /api/<name>` (a server route or a handler-table channel) and returns its result, unchecked. */
export async function callServerName(conn: ServerConnection, name: string, input: unknown): Promise<unknown> {
  const { status, reply } = await postServer(conn, name, input);
  if ('result' in reply) return reply.result;
  const { code, message, data } = reply.error;
  if (status >= 400 && status < 500) throw new RefusedError(code, message, data);
  throw new Error(`the server at ${checkServerUrl(conn.url)} failed: ${message}`);
}

/**
 * Sends `POST /api/<name>` and returns the server's reply envelope with its
 * HTTP status. Throws only what is not an answer of the server: a
 * ServerUnreachableError (nothing sent, or a proxy with no server behind it),
 * or an Error when the connection broke after sending or the answer is not
 * the server's JSON.
 */
export async function postServer(conn: ServerConnection, name: string, input: unknown): Promise<{ status: number; reply: Reply<unknown> }> {
  const base = checkServerUrl(conn.url);
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${conn.token}` };
  if (conn.now !== undefined) headers[NOW_HEADER] = conn.now;
  let res: Response;
  try {
    res = await fetch(`${base}${API_PREFIX}${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}), redirect: 'error' });
  } catch (err) {
    const code = networkCode(err);
    if (code && NOT_REACHED.has(code)) throw new ServerUnreachableError(`cannot reach the server at ${base} (${code}): nothing was changed`);
    throw new Error(
      `the connection to ${base} failed (${code ?? (err instanceof Error ? err.message : String(err))}); the request may or may not have been applied`,
      { cause: err },
    );
  }
  const body = parseBody(await res.text());
  if (res.ok && body && 'result' in body) return { status: res.status, reply: { result: body.result } };
  // A proxy or load balancer with no server behind it.
  if (res.status === 502 || res.status === 503)
    throw new ServerUnreachableError(`the server at ${base} is not available (HTTP ${res.status}): nothing was changed`);
  const error = body?.error;
  if (!res.ok && typeof error?.code === 'string' && typeof error.message === 'string') {
    const data = typeof error.data === 'object' && error.data !== null ? (error.data as Record<string, unknown>) : undefined;
    return { status: res.status, reply: { error: { code: error.code, message: error.message, ...(data ? { data } : {}) } } };
  }
  throw new Error(`the server at ${base} failed: HTTP ${res.status} without a Burnrate answer`);
}

type Body = { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };

/** The answer's JSON object, or null when it is not one (a proxy's HTML page). */
function parseBody(text: string): Body | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Body) : null;
  } catch {
    return null;
  }
}
