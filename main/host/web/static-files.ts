import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { uiCsp } from '../content-security-policy.js';

/** Content types of what a Vite build emits. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The page's Content-Security-Policy: only our own scripts, styles, images and API. */
export const WEB_CSP = uiCsp();

/** A file to send: its bytes and content type. */
export interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * Resolves a URL path to a file inside `root`, refusing anything that escapes
 * it (`..`, encoded slashes, NUL). Returns null when there is no such file.
 */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rootAbs = path.resolve(root);
  const file = path.resolve(rootAbs, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return null;
  try {
    const s = await stat(file);
    if (!s.isFile()) return null;
    return { body: await readFile(file), type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

/** The page shown when the renderer has not been built yet. */
export function notBuiltPage(root: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Burnrate</title><p>The Burnrate UI is not built in <code>${escapeHtml(root)}</code>. Run <code>npm run build:renderer</code> (or <code>npm run start:web</code>, which builds it).</p>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
