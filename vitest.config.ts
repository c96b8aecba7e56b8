import { defineConfig } from 'vitest/config';

/**
 * Files that get a process of their own: the renderer's stores cache
 * `window.burnrate` (set by each file to its own fake) and some of them switch
 * to fake timers; one file stubs the CLI's env variables; the browser tests
 * each launch and close a Chromium of their own, and start web hosts.
 */
const OWN_PROCESS = [
  'test/renderer/**/*.test.{ts,tsx}',
  'test/shell/window-and-notifications.test.ts',
  'test/host/cli/run-cli-in-process.test.ts',
  'test/e2e/**/*.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Timeouts only catch a hang: they are far above any test's run time on an
    // idle machine, so a loaded machine (the other core busy, or eight jobs at
    // once) slows the suite down without failing it. Nothing is timed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core machine
    // that is one worker and 8 min 52 s; every core gives 5 min 17 s (idle).
    maxWorkers: '100%',
    globalSetup: ['./test/support/global-setup.ts'],
    setupFiles: ['./test/support/temp-root.ts'],
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: OWN_PROCESS,
          // One process per worker runs file after file: a fresh process per file cost about
          // a second each (start, then every module loaded again), 150 s of a 640 s run.
          // Each file still gets its own temporary root (temp-root.ts runs before every file).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
    ],
  },
});
