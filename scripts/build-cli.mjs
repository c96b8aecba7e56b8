// Bundles the TypeScript CLI into one ESM file (out/cli/burnrate.mjs) so that
// `npx burnrate` starts in tens of milliseconds instead of transpiling on every run.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = path.join(root, 'out', 'cli', 'burnrate.mjs');

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
      else if (entry.name.endsWith('.ts') && fs.statSync(full).mtimeMs > bundleTime) return true;
    }
  }
  return false;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
