import { app, session, shell, type WebContents } from 'electron';
import { allowedExternalUrl } from '../host/url-allow-list.js';
import { SHELL_CSP } from './csp.js';
import { APP_ORIGIN } from './ipc-sender.js';

/**
 * Session-wide rules: the CSP header on every response, every permission
 * request denied, and every webContents kept on the app's own origin.
 */
export function hardenSessions(sandboxOrigin: () => string | null): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [SHELL_CSP] } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, wc) => hardenContents(wc, sandboxOrigin));
}

/** No navigation away from app://, no new windows, no webviews; allow-listed links go to the browser. */
function hardenContents(wc: WebContents, sandboxOrigin: () => string | null): void {
  wc.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    const allowed = allowedExternalUrl(url, { sandboxOrigin: sandboxOrigin() });
    if (allowed) void shell.openExternal(allowed);
    return { action: 'deny' };
  });
}
