/**
 * The shell's Content-Security-Policy, sent as a header on every app://
 * response and every session response (the page also carries it as a meta
 * tag). Only the app's own scripts and styles; no network but itself.
 */
export const SHELL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
