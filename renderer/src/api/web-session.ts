/**
 * The browser's session with the web host (docs/ui.md, "Web transport"). The
 * page is opened on `/launch#code=…`: the code (in the fragment, which no
 * server sees) is spent once for a session token, kept in sessionStorage —
 * scoped to this origin, port included, and to this tab — and sent as a header.
 * No cookie: cookies are shared by every port of 127.0.0.1.
 */

const KEY = 'burnrate.session';
/** The header the host reads (main/host/web/web-auth.ts TOKEN_HEADER). */
export const SESSION_HEADER = 'x-burnrate-token';

/** The launch code in a location's fragment (`#code=…`), or null. */
export function launchCodeOf(hash: string): string | null {
  const m = /^#code=([A-Za-z0-9_-]{1,100})$/.exec(hash);
  return m?.[1] ?? null;
}

/** The session token of this tab, or null. */
export function sessionToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/**
 * Spends a launch code in the address (if any) for a session and drops it
 * from the address bar and history; true when this tab has a session.
 */
export async function startWebSession(): Promise<boolean> {
  const code = launchCodeOf(window.location.hash);
  if (code !== null) {
    // Off the address bar first: a reload must not try a spent code.
    window.history.replaceState(null, '', '/');
    const res = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }).catch(
      () => null,
    );
    const reply = res ? ((await res.json().catch(() => null)) as { result?: { token?: unknown } } | null) : null;
    const token = reply?.result?.token;
    if (typeof token === 'string') window.sessionStorage.setItem(KEY, token);
    else if (sessionToken() === null) return false;
  }
  return sessionToken() !== null;
}
