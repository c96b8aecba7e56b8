import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builderYml = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { productName?: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Package names the `files` list keeps out of the app (`!node_modules/{a,b,…}…`). */
function excludedPackages(): Set<string> {
  const m = /"!node_modules\/\{([^}]+)\}/.exec(builderYml);
  return new Set((m?.[1] ?? '').split(',').map((s) => s.trim()));
}

/** A package's name from an import specifier ("react-dom/client" → "react-dom"). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Packages the bundled main process imports at run time (esbuild keeps packages external). */
async function mainImports(): Promise<string[]> {
  const r = await build({ entryPoints: [path.join(repoRoot, 'main/shell/main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, outfile: 'x.js', logLevel: 'silent' });
  const specs = Object.values(r.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external && !x.path.startsWith('node:')).map((x) => packageOf(x.path)));
  return [...new Set(specs)].filter((p) => p !== 'electron');
}

/** A package with everything it depends on (installed copies under node_modules). */
function withDependencies(names: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    let deps: Record<string, string>;
    try {
      const p = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
      deps = { ...p.dependencies, ...p.optionalDependencies };
    } catch {
      return; // an optional dependency not installed on this platform
    }
    for (const d of Object.keys(deps)) visit(d);
  };
  names.forEach(visit);
  return seen;
}

/** Every bare import in renderer/src: what Vite bundles into out/renderer. */
function rendererImports(): string[] {
  const files = readdirSync(path.join(repoRoot, 'renderer/src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  const specs = files.flatMap((f) => [...readFileSync(path.join(repoRoot, 'renderer/src', f), 'utf8').matchAll(/from '([^.'][^']*)'/g)].map((m) => packageOf(m[1]!)));
  return [...new Set(specs)];
}

describe('the packaged app (electron-builder.yml)', () => {
  it('keeps every package main imports, with its dependencies', async () => {
    const needed = withDependencies(await mainImports());
    expect(needed.has('better-sqlite3')).toBe(true);
    const excluded = excludedPackages();
    expect([...needed].filter((p) => excluded.has(p) || excluded.has(p.split('/')[0]!))).toEqual([]);
  });

  it.each([
    ['the libraries Vite bundled into the renderer', rendererImports()],
    ['dev-only tooling kept in dependencies for the CLI and web host', ['tsx', 'esbuild', 'commander', 'csv-parse']],
  ])('leaves out %s', (_what, names) => {
    expect(names.length).toBeGreaterThan(0);
    const excluded = excludedPackages();
    expect(names.filter((n) => !excluded.has(n))).toEqual([]);
  });

  it('keeps better-sqlite3 unpacked from the asar and rebuilt for Electron', () => {
    expect(builderYml).toMatch(/asarUnpack:\s*\n\s*- "\*\*\/node_modules\/better-sqlite3\/\*\*"/);
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
