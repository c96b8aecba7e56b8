/**
 * A metrics URL as members see it: a scrape target may carry credentials
 * (`http://user:secret@host/metrics`, `…/metrics?token=…`), and any member of
 * the org — a viewer too, or a lead reading the synced replica on a laptop —
 * may list the targets. The password and every query value are replaced by
 * `***` (a user name too: some tokens stand there), the fragment is dropped; the host, port, path and parameter names stay, so the target is still
 * recognisable. Applying it twice changes nothing (the replica holds the shown
 * form, and its reads show it again).
 */
export function shownUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Stored URLs were parsed when set (usage-scrape.ts), so this is not expected; an unreadable one is never
    // shown as itself, and what stands in for it is still an http URL (the replica's table checks that).
    return 'http://unreadable.invalid/';
  }
  if (u.username) u.username = '***';
  if (u.password) u.password = '***';
  // A fragment is never sent, but a pasted one may hold anything.
  u.hash = '';
  if (u.search) {
    const names = [...u.searchParams.keys()];
    u.search = names.map((n) => `${encodeURIComponent(n)}=***`).join('&');
  }
  return u.toString();
}
