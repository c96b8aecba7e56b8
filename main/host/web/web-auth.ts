import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MINUTE_MS } from '../../core/clock.js';

/** Header that carries the session token on every API call (never a cookie: cookies are not port-scoped). */
export const TOKEN_HEADER = 'x-burnrate-token';

/** How long a launch code may wait to be exchanged. */
export const LAUNCH_CODE_TTL_MS = 5 * MINUTE_MS;

/** A fresh random secret (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so a secret cannot be guessed byte by byte from timings. */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Secrets are looked up by their hash: the map's string compare then leaks nothing about the secret. */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * The web host's sessions. A browser gets in with a launch code (single use,
 * expires after LAUNCH_CODE_TTL_MS) that it exchanges once for a session
 * token; the page keeps that token in sessionStorage (scoped to this origin,
 * port included) and sends it in TOKEN_HEADER. Nothing is a cookie, so a page
 * or server on another 127.0.0.1 port never receives it.
 */
export class WebSessions {
  private readonly codes = new Map<string, number>();
  private readonly sessions = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Issues a launch code. */
  issueCode(): string {
    this.dropExpired();
    const code = newToken();
    this.codes.set(digest(code), this.now() + LAUNCH_CODE_TTL_MS);
    return code;
  }

  /** Spends a launch code: a new session token, or null when the code is unknown, used or expired. */
  exchange(code: unknown): string | null {
    if (typeof code !== 'string' || code.length === 0 || code.length > 100) return null;
    const key = digest(code);
    const expiresAt = this.codes.get(key);
    this.codes.delete(key);
    if (expiresAt === undefined || expiresAt <= this.now()) return null;
    return this.addSession(newToken());
  }

  /** Registers a session token (the host's own, for tests and scripts in the same process). */
  addSession(token: string): string {
    this.sessions.add(digest(token));
    return token;
  }

  /** True when the request carries a live session token in TOKEN_HEADER. */
  isAuthorized(req: IncomingMessage): boolean {
    const header = req.headers[TOKEN_HEADER];
    return typeof header === 'string' && header.length > 0 && header.length <= 100 && this.sessions.has(digest(header));
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, expiresAt] of this.codes) if (expiresAt <= now) this.codes.delete(key);
  }
}

/** The loopback names the server answers to on its port (rejects DNS-rebinding names). */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Why a request must be refused before anything else, or null when it may
 * go on: the Host must be loopback on our port, an Origin (when sent) must be
 * ours, and a browser's Sec-Fetch-Site must not say cross-site. A page load
 * (`navigation`: a GET outside /api/, which serves no secret) is held to the
 * Host only: the launch file opens the page from a file:// URL, which the
 * browser calls cross-site.
 */
export function originProblem(req: IncomingMessage, port: number, navigation = false): string | null {
  const host = req.headers.host;
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) return 'unexpected Host header';
  if (navigation) return null;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)) return 'foreign Origin';
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return 'cross-site request';
  return null;
}
