import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface BuildCli {
  buildCli(): Promise<void>;
  cliBundleIsStale(): boolean;
}

/**
 * Builds the CLI bundle once, before any test file runs. Tests spawn
 * `bin/burnrate.mjs`, which rebuilds a stale bundle first: left to them, the
 * first CLI call of every worker rebuilds it at once after a source edit, and
 * under load that took an end-to-end test past its timeout.
 */
export default async function setup(): Promise<void> {
  const script = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/build-cli.mjs')).href;
  const { buildCli, cliBundleIsStale } = (await import(script)) as BuildCli;
  if (cliBundleIsStale()) await buildCli();
}
