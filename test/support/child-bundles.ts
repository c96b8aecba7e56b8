import type { Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'out', 'test-bundles');

/**
 * Entry points that tests start as child processes, again and again: the web
 * host (each browser test starts one or three) and the crash harness's engine
 * child (restarted after every kill). Through tsx each start transpiled and
 * loaded a few hundred modules, 2.5–3 s of CPU; as one bundle it is under 1 s.
 */
const ENTRIES = {
  'web-host': 'main/host/web/main.ts',
  'crash-child': 'test/reliability/crash/crash-child.ts',
} as const;

export type ChildEntry = keyof typeof ENTRIES;

/**
 * Test modules find their fixtures beside themselves (`import.meta.dirname`):
 * in a bundle that would be out/test-bundles, so each keeps its own path.
 */
const testFilePaths: Plugin = {
  name: 'test-file-paths',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(path.join(ROOT, 'test') + path.sep)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: 'ts' };
    });
  },
};

/** Set by global-setup.ts once this run's bundles are built (workers inherit the env). */
const BUILT = 'BURNRATE_TEST_BUNDLES';

/** scripts/build-cli.mjs, which bundles the CLI the same way. */
interface NodeBundler {
  bundleForNode(entry: string, outfile: string, plugins?: Plugin[]): Promise<void>;
}

/** Bundles every entry from the current sources into out/test-bundles (each written atomically, the worker files beside them). */
export async function buildChildBundles(): Promise<void> {
  const script = pathToFileURL(path.join(ROOT, 'scripts', 'build-cli.mjs')).href;
  const { bundleForNode } = (await import(script)) as NodeBundler;
  await Promise.all(Object.entries(ENTRIES).map(([name, entry]) => bundleForNode(entry, path.join(OUT, `${name}.mjs`), [testFilePaths])));
  process.env[BUILT] = OUT;
}

/**
 * The Node arguments that run `entry`: its bundle when this test run built one,
 * else the sources through tsx (a script such as `npm run crash-sweep`, or a
 * run without the global setup), so a stale bundle is never run.
 */
export function childArgs(entry: ChildEntry): string[] {
  const dir = process.env[BUILT];
  if (dir) return [path.join(dir, `${entry}.mjs`)];
  return ['--import', 'tsx', path.join(ROOT, ENTRIES[entry])];
}
