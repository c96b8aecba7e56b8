// Bundles the TypeScript CLI into one ESM file (out/cli/burnrate.mjs) so that
// `npx burnrate` starts in tens of milliseconds instead of transpiling on every run.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = path.join(root, 'out', 'cli', 'burnrate.mjs');

// Worker threads the bundled code starts by file (new URL('./x.mjs', import.meta.url)):
// esbuild leaves such URLs alone, so each file is copied beside the bundle.
const WORKER_FILES = [path.join(root, 'main', 'stores', 'postgres', 'sync-worker.mjs')];

/** Copies the worker files beside a bundle in `outDir` (atomically, like the bundle). */
export function copyWorkers(outDir) {
  for (const file of WORKER_FILES) {
    const dest = path.join(outDir, path.basename(file));
    const tmp = `${dest}.${process.pid}.tmp`;
    fs.copyFileSync(file, tmp);
    fs.renameSync(tmp, dest);
  }
}

/**
 * Bundles `entry` (a path under the project) into `outfile` as one ESM file for
 * Node, packages left to node_modules, with the worker files copied beside it;
 * written atomically so concurrent runs never see half a file. `plugins` are
 * esbuild's (test/support/child-bundles.ts passes one).
 */
export async function bundleForNode(entry, outfile, plugins = []) {
  const tmp = `${outfile}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins,
    outfile: tmp,
  });
  copyWorkers(path.dirname(outfile));
  fs.renameSync(tmp, outfile);
}

/** Builds the CLI bundle. */
export async function buildCli() {
  await bundleForNode(path.join('main', 'host', 'cli', 'main.ts'), CLI_BUNDLE);
}

/** True when a source file under main/ is newer than the bundle (or there is none). */
export function cliBundleIsStale() {
  let bundleTime;
  try {
    bundleTime = fs.statSync(CLI_BUNDLE).mtimeMs;
  } catch {
    return true;
  }
  const stack = [path.join(root, 'main')];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (/\.(ts|mjs)$/.test(entry.name) && fs.statSync(full).mtimeMs > bundleTime) return true;
    }
  }
  return false;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
