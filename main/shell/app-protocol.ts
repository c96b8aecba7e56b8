import { protocol } from 'electron';
import { readStatic } from '../host/web/static-files.js';
import { SHELL_CSP } from './csp.js';

/** Registers app:// as a standard, secure scheme (call before the app is ready). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer at app://burnrate/… from one folder only: paths
 * that escape it are refused, unknown paths get the index (single-page app).
 */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'burnrate') return new Response('not found', { status: 404 });
    const file = (await readStatic(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname)) ?? (await readStatic(rendererDir, '/index.html'));
    if (!file) return new Response('The Burnrate UI is not built: run npm run build', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.type, 'content-security-policy': SHELL_CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}
