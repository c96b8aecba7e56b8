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

/** Builds the bundle, writing it atomically so concurrent runs never see half a file. */
export async function buildCli() {
  const tmp = `${CLI_BUNDLE}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(CLI_BUNDLE), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'main', 'host', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    outfile: tmp,
  });
  copyWorkers(path.dirname(CLI_BUNDLE));
  fs.renameSync(tmp, CLI_BUNDLE);
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
