import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sqliteOptions, useSqliteAddon } from '../../main/core/db/sqlite-options.js';
import { electronSqliteAddonName } from '../../main/shell/sqlite-addon.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const builderYml = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');

/** A script module of the repo (plain .mjs, loaded as the npm scripts load it). */
async function script<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(path.join(repoRoot, 'scripts', name)).href)) as T;
}

type Plan = { error?: string; args?: string[]; lines?: string[] };

describe('npm scripts keep the Node build of better-sqlite3 for every Node entry point', () => {
  it.each(['test', 'bench', 'bench:export', 'start:web', 'soak', 'crash-sweep', 'payments-stress'])(
    '%s makes sure the Node build is in place first',
    (name) => {
      const steps = pkg.scripts[name]!.split('&&').map((s) => s.trim());
      const ensure = steps.indexOf('node scripts/ensure-node-abi.mjs');
      expect(ensure).toBeGreaterThanOrEqual(0);
      // …before anything that opens a database.
      expect(steps.slice(0, ensure).some((s) => /tsx|vitest/.test(s))).toBe(false);
    },
  );

  it('the CLI checks it itself (bin/burnrate.mjs runs before any bundle)', () => {
    expect(readFileSync(path.join(repoRoot, 'bin', 'burnrate.mjs'), 'utf8')).toMatch(/ensureNodeSqlite\(/);
  });

  it.each([
    ['prestart', 'node scripts/electron-build.mjs start'],
    ['dist', 'node scripts/electron-build.mjs dist'],
  ])('%s builds for Electron through %s (never electron-builder over the Node build directly)', (name, step) => {
    expect(pkg.scripts[name]).toContain(step);
    expect(pkg.scripts[name]).not.toMatch(/&& electron-builder/);
  });
});

describe('Electron’s build of better-sqlite3 beside Node’s', () => {
  it('the shell looks for it under the name the build script writes', async () => {
    const { electronBuildName } = await script<{ electronBuildName(...a: string[]): string }>('sqlite-builds.mjs');
    expect(electronSqliteAddonName('12.11.1', '41.7.1', 'darwin', 'arm64')).toBe(electronBuildName('12.11.1', '41.7.1', 'darwin', 'arm64'));
  });

  it('once chosen, every database opens with it (nativeBinding); until then with the package’s own', () => {
    expect(sqliteOptions({ readonly: true })).toEqual({ readonly: true });
    useSqliteAddon('/app/out/native/x.node');
    try {
      expect(sqliteOptions({ readonly: true })).toEqual({ readonly: true, nativeBinding: '/app/out/native/x.node' });
      expect(sqliteOptions()).toEqual({ nativeBinding: '/app/out/native/x.node' });
    } finally {
      useSqliteAddon(undefined);
    }
    expect(sqliteOptions()).toEqual({});
  });
});

describe('ensureNodeSqlite decides from the build file itself', () => {
  type Builds = { ensureNodeSqlite(dir: string, log: (l: string) => void): string; nodeBuildCopy(pkg: { dir: string; version: string }): string };
  const node = `…node_register_module_v${process.versions.modules}\0…`;
  const electron = '…node_register_module_v145\0…';

  it.each([
    ['Node’s build in place: kept, and copied aside once', node, null, 'ok', node, node],
    ['Electron’s build in place, a copy saved: the copy goes back', electron, node, 'restored', node, node],
    ['a file that names no version, a copy saved: the copy goes back', 'garbage', node, 'restored', node, node],
    ['no build in place, a copy saved: the copy goes back', null, node, 'restored', node, node],
    ['a Node-API build: kept', '…napi_register_module_v1\0…', null, 'ok', '…napi_register_module_v1\0…', '…napi_register_module_v1\0…'],
  ])('%s', async (_what, inPlace, saved, outcome, after, copyAfter) => {
    const { ensureNodeSqlite, nodeBuildCopy } = await script<Builds>('sqlite-builds.mjs');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'burnrate-ensure-'));
    try {
      writeFileSync(path.join(dir, 'package.json'), '{"name":"x","type":"module"}');
      const pkgDir = path.join(dir, 'node_modules', 'better-sqlite3');
      mkdirSync(path.join(pkgDir, 'build', 'Release'), { recursive: true });
      writeFileSync(path.join(pkgDir, 'package.json'), '{"name":"better-sqlite3","version":"1.2.3"}');
      const build = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
      const copy = nodeBuildCopy({ dir: pkgDir, version: '1.2.3' });
      expect(path.relative(dir, copy)).toMatch(/^node_modules[/\\]\.cache[/\\]burnrate-sqlite[/\\]better_sqlite3-1\.2\.3-node-abi\d+-/);
      if (inPlace !== null) writeFileSync(build, inPlace);
      if (saved !== null) {
        mkdirSync(path.dirname(copy), { recursive: true });
        writeFileSync(copy, saved);
      }
      const lines: string[] = [];
      expect(ensureNodeSqlite(dir, (l) => lines.push(l))).toBe(outcome);
      expect(readFileSync(build, 'utf8')).toBe(after);
      expect(existsSync(copy) ? readFileSync(copy, 'utf8') : null).toBe(copyAfter);
      expect(lines.length).toBe(outcome === 'restored' ? 1 : 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('packaging details', () => {
  it('flips GrantFileProtocolExtraPrivileges off with the other fuses', async () => {
    const { FUSES } = await script<{ FUSES: Record<string, unknown> }>('after-pack-fuses.mjs');
    const { FuseV1Options } = await import('@electron/fuses');
    expect(FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('offers the .deb first on Linux, under the freedesktop main category Office with Finance', () => {
    expect(builderYml).toMatch(/^ {2}target: \[deb, AppImage\]$/m);
    expect(builderYml).toMatch(/^ {2}category: Office;Finance$/m);
  });

  it.each([
    [
      'nothing set: electron-builder looks for an identity; not notarized, and says so',
      {},
      { args: [], lines: [expect.stringMatching(/keychain/), expect.stringMatching(/NOT notarized/)] },
    ],
    [
      'identity + Apple ID set',
      { CSC_NAME: 'Developer ID Application: Ann (TEAM1)', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'TEAM1' },
      { args: [], lines: [expect.stringMatching(/"Developer ID Application: Ann \(TEAM1\)"/), expect.stringMatching(/^macOS: notarized/)] },
    ],
    [
      'certificate file + API key',
      { CSC_LINK: '/keys/dev.p12', CSC_KEY_PASSWORD: 'p', APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' },
      { args: [], lines: [expect.stringMatching(/CSC_LINK/), expect.stringMatching(/^macOS: notarized/)] },
    ],
    [
      'deliberately unsigned',
      { CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      { args: ['-c.mac.identity=null', '-c.mac.hardenedRuntime=false'], lines: [expect.stringMatching(/unsigned/)] },
    ],
    ['half an Apple ID set', { APPLE_ID: 'a@b.c' }, { error: expect.stringMatching(/missing: APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/) }],
    ['half an API key set', { APPLE_API_KEY: '/k.p8' }, { error: expect.stringMatching(/missing: APPLE_API_KEY_ID, APPLE_API_ISSUER/) }],
    ['a certificate without its password', { CSC_LINK: '/keys/dev.p12' }, { error: expect.stringMatching(/CSC_KEY_PASSWORD/) }],
    [
      'notarizing an unsigned build',
      { CSC_IDENTITY_AUTO_DISCOVERY: 'false', APPLE_KEYCHAIN_PROFILE: 'p' },
      { error: expect.stringMatching(/needs a signed build/) },
    ],
  ])('macOS signing for npm run dist: %s', async (_what, env, plan) => {
    const { macSigningPlan } = await script<{ macSigningPlan(env: NodeJS.ProcessEnv): Plan }>('mac-signing.mjs');
    expect(macSigningPlan(env)).toEqual(plan);
  });
});
