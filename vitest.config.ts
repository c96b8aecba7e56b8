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
    globalSetup: ['./test/support/global-setup.ts'],
    setupFiles: ['./test/support/temp-root.ts'],
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
