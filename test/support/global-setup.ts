import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildChildBundles } from './child-bundles.js';
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';

interface BuildCli {
  buildCli(): Promise<void>;
  cliBundleIsStale(): boolean;
}

/**
 * Before any test file runs: builds the CLI bundle once, and starts the run's
 * PostgreSQL cluster when a selected file uses one (stopped and removed after
 * the run).
 *
 * The CLI: tests spawn `bin/burnrate.mjs`, which rebuilds a stale bundle
 * first: left to them, the first CLI call of every worker rebuilds it at once
 * after a source edit, and under load that took an end-to-end test past its
 * timeout.
 *
 * Child bundles: the web host and the crash child, which tests start many
 * times, are bundled once per run (child-bundles.ts).
 *
 * PostgreSQL: each of the store's test files used to initdb and start a
 * cluster of its own (seconds each, 15 files); now they share one and each
 * makes and drops its own databases (shared-postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const script = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/build-cli.mjs')).href;
  const { buildCli, cliBundleIsStale } = (await import(script)) as BuildCli;
  // esbuild works in its own process while initdb runs.
  const built = Promise.all([cliBundleIsStale() ? buildCli() : Promise.resolve(), buildChildBundles()]);
  let cluster: PostgresCluster | null = null;
  try {
    if ((await postgresSelected(project)) && postgresInstalled()) cluster = await startPostgresCluster();
    project.provide('burnratePostgres', cluster?.access ?? null);
    await built;
  } catch (err) {
    await cluster?.stop();
    throw err;
  }
  return async () => {
    await cluster?.stop();
  };
}

/** Whether any test file this run selected uses PostgreSQL. */
async function postgresSelected(project: TestProject): Promise<boolean> {
  // The command line's file filters (`npx vitest run test/x.test.ts`); none means every file.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => usesPostgres(fs.readFileSync(file, 'utf8')));
}

/** Whether a test file's source uses PostgreSQL (through these helpers of test/support). */
function usesPostgres(source: string): boolean {
  return /\b(postgresForFile|postgresStoreForFile|bothStores|startPostgresCluster)\(/.test(source);
}

/** Without PostgreSQL the files that need it fail with their own clear message (postgresBinDir). */
function postgresInstalled(): boolean {
  try {
    postgresBinDir();
    return true;
  } catch {
    return false;
  }
}
