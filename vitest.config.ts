import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import HeavyFirstSequencer from './test/support/heavy-first-sequencer.js';

/**
 * Files that get a process of their own: the renderer's stores cache
 * `window.burnrate` (set by each file to its own fake) and some of them switch
 * to fake timers; one file stubs the CLI's env variables. All of them take
 * under a second, so where they fall in the run costs little.
 */
const OWN_PROCESS = ['test/renderer/**/*.test.{ts,tsx}', 'test/shell/window-and-notifications.test.ts', 'test/host/cli/run-cli-in-process.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    // Timeouts only catch a hang: they are far above any test's run time on an
    // idle machine, so a loaded machine (the other core busy, or eight jobs at
    // once) slows the suite down without failing it. Nothing is timed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores. Much of a worker's time is spent waiting
    // (on Chromium, a web host, a server process, PostgreSQL or the Stripe sandbox), so on 2 cores
    // three workers keep both busy: 337 s against 388 s for two (idle machine, docs/RELIABILITY.md).
    // A number, not '150%': Vitest caps a percentage at the core count.
    maxWorkers: Math.round(availableParallelism() * 1.5),
    sequence: { sequencer: HeavyFirstSequencer },
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
