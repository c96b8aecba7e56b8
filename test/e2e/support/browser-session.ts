import { afterAll, beforeAll } from 'vitest';
import { openWatchedPage, type WatchedPage } from './browser.js';
import { buildRenderer } from './build-renderer.js';
import { startWebHost, type WebHost } from './web-host.js';

/** The web host and one watched Chromium page a describe block shares. */
export interface BrowserSession {
  host: WebHost;
  w: WatchedPage;
}

/**
 * Registers the describe block's set-up and tear-down: the renderer built, a
 * web host on a fresh data folder at the flows' start instant, a 1280×800 page.
 * The fields are filled in by beforeAll, so read them inside tests only.
 */
export function browserSession(options: { beforeStart?: () => void } = {}): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    options.beforeStart?.();
    const rendererDir = await buildRenderer();
    session.host = await startWebHost({ rendererDir, now: '2025-03-03T09:00:00Z' });
    session.w = await openWatchedPage({ width: 1280, height: 800, colorScheme: 'light' });
  }, 300_000);
  afterAll(async () => {
    await session.w?.close();
    await session.host?.stop();
  });
  return session;
}
