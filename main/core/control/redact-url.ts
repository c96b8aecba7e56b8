/** What stands for a hidden part of a URL (a query string, a fragment, a user and password). */
export const HIDDEN = '…';

/**
 * A URL as Burnrate shows it: scheme, host and path, with the query string,
 * fragment and any user:password replaced by `…` — a webhook URL may carry a
 * token there (`?token=…`), and it is shown in the CLI, the UI, alerts and the
 * history. Text that is not a URL is returned as it is.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const user = u.username || u.password ? `${HIDDEN}@` : '';
  return `${u.protocol}//${user}${u.host}${u.pathname}${u.search ? `?${HIDDEN}` : ''}${u.hash ? `#${HIDDEN}` : ''}`;
}

/** Every http(s) URL inside a line of text (a hook's stderr, an error message) redacted like `redactUrl`. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (m) => redactUrl(m));
}

/**
 * The URL to store when a control is set again: the redacted form of the
 * stored URL (what the dialog shows and sends back unchanged) keeps the
 * stored one, so saving the dialog never replaces a token with `…`.
 */
export function keepRedacted(given: string | null | undefined, stored: string | null | undefined): string | null | undefined {
  if (typeof given !== 'string' || !stored) return given;
  return given.trim() === redactUrl(stored) && redactUrl(stored) !== stored ? stored : given;
}
