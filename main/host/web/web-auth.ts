import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Name of the cookie that carries the per-run token (HttpOnly, SameSite=Strict).
 * Cookies are scoped by host, not port, so each port gets its own name: a
 * second web host on 127.0.0.1 must not overwrite the first one's token.
 */
function tokenCookieName(port: number): string {
  return `burnrate_token_${port}`;
}
/** Header that may carry the token instead (scripts and tests). */
export const TOKEN_HEADER = 'x-burnrate-token';

/** A fresh random per-run token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The loopback names the server answers to on its port (rejects DNS-rebinding names). */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Why a request must be refused before anything else, or null when it may
 * go on: the Host must be loopback on our port, an Origin (when sent) must be
 * ours, and a browser's Sec-Fetch-Site must not say cross-site.
 */
export function originProblem(req: IncomingMessage, port: number): string | null {
  const host = req.headers.host;
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) return 'unexpected Host header';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)) return 'foreign Origin';
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return 'cross-site request';
  return null;
}

/** True when the request carries the token in this port's cookie or in the header. */
export function isAuthorized(req: IncomingMessage, token: string, port: number): boolean {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return tokenMatches(header, token);
  return tokenMatches(readCookie(req.headers.cookie, tokenCookieName(port)), token);
}

/** The Set-Cookie value that hands the token to the page (named for this port). */
export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
