import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builderYml = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  productName?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** A package's name from an import specifier ("react-dom/client" → "react-dom"). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The CLI's entry points: its bundle, and the worker file it starts beside it
 * (the PostgreSQL connection's thread, which loads `pg`; scripts/build-cli.mjs copies it).
 */
const CLI_ENTRIES = ['main/host/cli/main.ts', 'main/stores/postgres/sync-worker.mjs'];

/** Packages entry points import at run time once bundled (esbuild keeps packages external). */
async function runtimeImports(...entries: string[]): Promise<string[]> {
  const r = await build({
    entryPoints: entries.map((e) => path.join(repoRoot, e)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: 'x',
    logLevel: 'silent',
  });
  const specs = Object.values(r.metafile.inputs).flatMap((i) =>
    i.imports.filter((x) => x.external && !x.path.startsWith('node:')).map((x) => packageOf(x.path)),
  );
  return [...new Set(specs)].filter((p) => p !== 'electron');
}

/** Every bare import in renderer/src: what Vite bundles into out/renderer. */
function rendererImports(): string[] {
  const files = readdirSync(path.join(repoRoot, 'renderer/src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  const specs = files.flatMap((f) =>
    [...readFileSync(path.join(repoRoot, 'renderer/src', f), 'utf8').matchAll(/from '([^.'][^']*)'/g)].map((m) => packageOf(m[1]!)),
  );
  return [...new Set(specs)];
}

describe('the packaged app (electron-builder.yml)', () => {
  // electron-builder packs `dependencies` (with what they depend on) and never
  // devDependencies, so the split in package.json is what decides the app's contents.
  it.each([
    ['the Electron main process', 'main/shell/main.ts'],
    ['the CLI', ...CLI_ENTRIES],
  ])('lists every package %s loads at run time in dependencies', async (_what, ...entries) => {
    const needed = await runtimeImports(...entries);
    expect(needed).toContain('better-sqlite3');
    expect(needed.filter((p) => pkg.dependencies[p] === undefined)).toEqual([]);
  });

  it('lists in dependencies only packages the main process or the CLI loads at run time', async () => {
    const used = new Set([...(await runtimeImports('main/shell/main.ts')), ...(await runtimeImports(...CLI_ENTRIES))]);
    expect(Object.keys(pkg.dependencies).filter((p) => !used.has(p))).toEqual([]);
  });

  it.each([
    ['the libraries Vite bundles into the renderer', rendererImports()],
    ['the build and dev tooling', ['tsx', 'esbuild']],
  ])('keeps %s in devDependencies only, so they are not packed', (_what, names) => {
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => pkg.dependencies[n] !== undefined || pkg.devDependencies[n] === undefined)).toEqual([]);
  });

  it('has no hand-kept node_modules exclusion list', () => {
    expect(builderYml).not.toMatch(/!node_modules\//);
  });

  it('keeps better-sqlite3 unpacked from the asar and rebuilt for Electron', () => {
    expect(builderYml).toMatch(/asarUnpack:\s*\n\s*- (["'])\*\*\/node_modules\/better-sqlite3\/\*\*\1/);
    expect(builderYml).toMatch(/^npmRebuild: true$/m);
  });

  it('names the product Burnrate (Electron derives its app name and default folders from it; the CLI’s folder is …/Burnrate)', () => {
    expect(pkg.productName).toBe('Burnrate');
    expect(builderYml).toMatch(/^productName: Burnrate$/m);
  });

  it('declares @electron/fuses (used by the afterPack hook) as an exact devDependency', () => {
    expect(readFileSync(path.join(repoRoot, 'scripts/after-pack-fuses.mjs'), 'utf8')).toMatch(/from '@electron\/fuses'/);
    expect(pkg.devDependencies['@electron/fuses']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
