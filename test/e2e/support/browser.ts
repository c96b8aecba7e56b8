import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from './build-renderer.js';

/** Debian's Chromium (installed by .ci/run); never a downloaded browser. */
export const CHROMIUM = process.env.BURNRATE_CHROMIUM ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = path.join(repoRoot, 'test-artifacts', 'screenshots');

/** A page plus everything it complained about: console errors, page errors, CSP violations. */
export interface WatchedPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  /** CSP violations the page itself saw (securitypolicyviolation events). */
  cspViolations(): Promise<string[]>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Launches headless Chromium (Debian's). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Opens a watched page: in a Chromium of its own, or in a new context (its own
 * storage, as another person's browser) of `opts.browser`, which the caller then
 * closes; `close()` closes what it opened.
 */
export async function openWatchedPage(opts: { width: number; height: number; colorScheme: 'light' | 'dark'; browser?: Browser }): Promise<WatchedPage> {
  const browser = opts.browser ?? (await launchChromium());
  const context = await browser.newContext({
    viewport: { width: opts.width, height: opts.height },
    colorScheme: opts.colorScheme,
    acceptDownloads: true,
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  // Playwright's 30 s action timeout is a wall-clock race on a loaded machine (a click timed out
  // that way with the other core busy); like the suite's own timeouts, this one only catches a hang.
  context.setDefaultTimeout(180_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  // Runs before any page script, outside the page's CSP (injected by the driver).
  await page.addInitScript({
    content: `window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));`,
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    context,
    page,
    consoleErrors,
    pageErrors,
    cspViolations: () => page.evaluate<string[]>('window.__csp ?? []'),
    async screenshot(name) {
      // Toasts are confirmations of earlier steps: clear them so the view is seen as is.
      // Clicked inside the page in one go: a toast that fades out between a locator's
      // count and its click would leave the click waiting for an element that is gone.
      await page.evaluate(`document.querySelectorAll('button[aria-label="Dismiss message"]').forEach((b) => b.click())`);
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      // A viewport as tall as the page (instead of fullPage stitching) keeps the
      // sticky sidebar where a user sees it.
      const size = page.viewportSize() ?? { width: opts.width, height: opts.height };
      const height = await page.evaluate<number>('document.documentElement.scrollHeight');
      await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
      await page.screenshot({ path: file });
      await page.setViewportSize(size);
      return file;
    },
    close: () => (opts.browser ? context.close() : browser.close()),
  };
}

/**
 * Closes a tab that may just have navigated (a Checkout or card page after its
 * redirect). Chromium can acknowledge a close that races a navigation commit
 * without closing anything, and `page.close()` then never returns
 * (microsoft/playwright#42366): the e2e flow hung that way. So wait for the
 * page to load first, then ask again until the tab is really gone.
 */
export async function closeTab(tab: Page): Promise<void> {
  await tab.waitForLoadState('load').catch(() => undefined);
  for (let attempt = 0; attempt < 6 && !tab.isClosed(); attempt++) {
    const closed = tab.close().then(
      () => true,
      () => tab.isClosed(),
    );
    // Not a timed assertion: a slow close is simply asked again (a repeated close is a no-op).
    if (await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))])) return;
  }
  if (!tab.isClosed()) throw new Error(`the tab at ${tab.url()} did not close after 6 requests`);
}
