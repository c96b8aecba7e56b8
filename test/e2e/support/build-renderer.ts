import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Builds the renderer with the real Vite config into a fresh temp folder (about
 * a second). Each e2e file gets its own build, so files running in parallel never
 * race on out/renderer and a stale build can never be tested.
 */
export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'burnrate-renderer-'));
  await build({
    configFile: path.join(repoRoot, 'renderer/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
