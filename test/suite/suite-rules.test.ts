import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const TEST_ROOT = path.resolve(import.meta.dirname, '..');

function testSources(dir = TEST_ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testSources(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

// The suite's own rules (docs/RELIABILITY.md, "A suite that cannot flake"), checked on its sources.
describe('the test suite', () => {
  it('seeds every property test with the suite seed (test/support/property-seed.ts), so a run never meets a new case by chance', () => {
    const unseeded = testSources().filter((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const calls = text.match(/\bfc\.(assert|check)\(/g)?.length ?? 0;
      const seededCalls = text.match(/\bseeded(<[^>]*>)?\(/g)?.length ?? 0;
      return calls > seededCalls;
    });
    expect(unseeded.map((f) => path.relative(TEST_ROOT, f))).toEqual([]);
  });

  it('runs the CLI in-process (test/support/run-cli.ts) except where a real process is the point', () => {
    // A child process per call made test/host take minutes; these files need a real one
    // (the bin entry, two processes on one ledger, a command that waits or reads stdin,
    // overlapping exports, the end-to-end flow's second process) or only name the file.
    const allowed = new Set([
      'host/cli/bin-entry.test.ts',
      'host/cli/concurrent-cli.test.ts',
      'host/cli/payments-cli.test.ts',
      'host/cli/export-cli.test.ts',
      'host/cli/cards-setup-cli.test.ts',
      'host/cli/control-cli.test.ts',
      // runs the CLI as another user (`nobody`) over a folder it may only read
      'host/cli/data-files-cli.test.ts',
      'e2e/support/web-host.ts',
      'shell/build-scripts.test.ts',
      'support/run-cli.ts',
      'support/global-setup.ts',
      'reliability/fuzz/cli-in-process.ts',
      // the team server runs until SIGTERM, as its own process
      'support/server-process.ts',
      // `sandbox serve` runs until SIGTERM and delivers what another process wrote to its file
      'host/cli/sandbox-webhooks-cli.test.ts',
      // the same, as a team server's Stripe (BURNRATE_STRIPE_API) delivering to its webhook endpoint
      'support/sandbox-process.ts',
    ]);
    const spawning = testSources()
      .filter((file) => /bin\/burnrate\.mjs/.test(fs.readFileSync(file, 'utf8')))
      .map((f) => path.relative(TEST_ROOT, f))
      .filter((f) => !allowed.has(f) && f !== 'suite/suite-rules.test.ts');
    expect(spawning).toEqual([]);
  });

  it('takes PostgreSQL from the run’s one cluster (test/support/shared-postgres.ts), never an initdb of its own', () => {
    // A cluster per file cost every one of 30-odd files an initdb and a start (docs/RELIABILITY.md,
    // "How long `npm test` takes"); postgresForFile() makes the file's databases in the run's cluster.
    const OWN_CLUSTER_ALLOWED = new Set([
      'support/postgres-cluster.ts',
      'support/shared-postgres.ts',
      'support/global-setup.ts',
      'suite/suite-rules.test.ts',
      // restarts PostgreSQL mid-run, which would cut off every other file's connections
      'reliability/team/team-month.ts',
    ]);
    const ownCluster = testSources()
      .filter((file) => /\bstartPostgresCluster\(/.test(fs.readFileSync(file, 'utf8')))
      .map((f) => path.relative(TEST_ROOT, f))
      .filter((f) => !OWN_CLUSTER_ALLOWED.has(f));
    expect(ownCluster).toEqual([]);
  });
});
