// Bundles the Electron main process (ESM, out/main/shell/main.js) and the
// sandboxed preload (CommonJS, out/preload/index.cjs: a sandboxed preload
// cannot load ES modules). Packages stay external; native better-sqlite3 is
// rebuilt for Electron by `electron-builder install-app-deps` (npm start) or
// by electron-builder itself (npm run dist).
import { build } from 'esbuild';

await build({
  entryPoints: ['main/shell/main.ts'],
  outfile: 'out/main/shell/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

await build({
  entryPoints: ['preload/index.ts'],
  outfile: 'out/preload/index.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
console.log('built out/main/shell/main.js and out/preload/index.cjs');
