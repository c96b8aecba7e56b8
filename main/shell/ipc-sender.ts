/** What the gate knows about the sender of one IPC message. */
export interface SenderFacts {
  /** webContents id of the sender. */
  webContentsId: number;
  /** True when the message came from the top frame, not an iframe. */
  isMainFrame: boolean;
  /** URL of the sending frame. */
  frameUrl: string;
}

/** The app origin the UI is served from (custom protocol). */
export const APP_ORIGIN = 'app://burnrate';

/**
 * Whether an IPC message may reach the handler table: it must come from a
 * webContents the shell registered (its own window), from that window's main
 * frame, and from a page on the app's own origin — not an iframe, not a page
 * the window was somehow navigated to.
 */
export function isTrustedSender(s: SenderFacts, registered: ReadonlySet<number>, expectedOrigin: string = APP_ORIGIN): boolean {
  if (!registered.has(s.webContentsId) || !s.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(s.frameUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return `${url.protocol}//${url.host}` === expectedOrigin;
}
