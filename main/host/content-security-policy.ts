/**
 * The one Content-Security-Policy of Burnrate's UI: only its own scripts,
 * styles, images and API, nothing framed or framing. The web host sends it as
 * a header; the Electron shell sends it (plus frame-src) on app:// responses.
 * renderer/index.html carries a subset as a meta tag (docs/desktop-shell.md).
 */
export const UI_CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** The policy as a header value, with any extra directives appended. */
export function uiCsp(extra: readonly string[] = []): string {
  return [...UI_CSP_DIRECTIVES, ...extra].join('; ');
}
