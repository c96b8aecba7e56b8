import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
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
  },
});
