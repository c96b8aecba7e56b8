import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronSqliteAddonName } from '../../main/shell/sqlite-addon.js';
import { writeForeignSqliteBuild } from '../support/foreign-sqlite-build.js';

/**
 * `npm start` builds better-sqlite3 for Electron; the CLI and the web host run
 * under Node. These tests run the real entry points in a throwaway copy of the
 * project whose node_modules links every package to the shared install except
 * better-sqlite3, which is a private copy: the Electron build's effect is
 * simulated there (a build relabelled for another module version, exactly how
 * Node sees an Electron build) and the shared node_modules is never touched.
 */
const repo = path.resolve(import.meta.dirname, '../..');
const sharedModules = path.join(repo, 'node_modules');
let project = '';
let sqliteDir = '';
let foreign = '';
let nodeBuild = '';

/** The in-place build of the private better-sqlite3 copy. */
const inPlace = () => path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');

/** What `npm start` used to leave behind: Electron's build in place of Node's. */
function simulateElectronRebuild(): void {
  copyFileSync(foreign, inPlace());
}

/** Whether the in-place build is byte for byte Node's own. */
const nodeBuildInPlace = () => readFileSync(inPlace()).equals(readFileSync(nodeBuild));

/** Runs a command in the project copy; its status and output. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh, empty data folder for one command. */
function dataDir(): string {
  return mkdtempSync(path.join(project, 'data-'));
}

beforeAll(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'burnrate-entry-'));
  for (const f of ['package.json', 'tsconfig.json']) copyFileSync(path.join(repo, f), path.join(project, f));
  // Real copies, not links: Node resolves a linked file's imports from its real place (the shared node_modules).
  for (const d of ['bin', 'scripts', 'main', 'preload']) cpSync(path.join(repo, d), path.join(project, d), { recursive: true });
  const modules = path.join(project, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(sharedModules)) {
    if (name === 'better-sqlite3' || name === '.cache') continue;
    symlinkSync(realpathSync(path.join(sharedModules, name)), path.join(modules, name));
  }
  const shared = realpathSync(path.join(sharedModules, 'better-sqlite3'));
  sqliteDir = path.join(modules, 'better-sqlite3');
  cpSync(path.join(shared, 'lib'), path.join(sqliteDir, 'lib'), { recursive: true });
  copyFileSync(path.join(shared, 'package.json'), path.join(sqliteDir, 'package.json'));
  mkdirSync(path.dirname(inPlace()), { recursive: true });
  nodeBuild = path.join(project, 'node-build.node');
  copyFileSync(path.join(shared, 'build', 'Release', 'better_sqlite3.node'), nodeBuild);
  copyFileSync(nodeBuild, inPlace());
  foreign = path.join(project, 'electron-build.node');
  writeForeignSqliteBuild(nodeBuild, foreign);
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('Node entry points after `npm start` built better-sqlite3 for Electron', () => {
  it('the simulated Electron build is one plain Node refuses (what the CLI and start:web crashed on)', () => {
    simulateElectronRebuild();
    const r = run(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:')"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/NODE_MODULE_VERSION|not a shared library|invalid ELF/);
    copyFileSync(nodeBuild, inPlace());
  });

  it('`npm start`’s build step puts Electron’s build in out/native and leaves Node’s in place', () => {
    // The stand-in for `electron-builder install-app-deps`: it rebuilds in place, as that does.
    const rebuild = ['node', '-e', `require('fs').copyFileSync(${JSON.stringify(foreign)}, ${JSON.stringify(inPlace())})`];
    const r = run(process.execPath, ['scripts/electron-build.mjs', 'start', '--', ...rebuild]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const electronVersion = (JSON.parse(readFileSync(path.join(sharedModules, 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    const sqliteVersion = (JSON.parse(readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')) as { version: string }).version;
    const electronBuild = path.join(project, 'out', 'native', electronSqliteAddonName(sqliteVersion, electronVersion, process.platform, process.arch));
    expect(readFileSync(electronBuild).equals(readFileSync(foreign))).toBe(true);
    expect(nodeBuildInPlace()).toBe(true);
    const status = run('npx', ['--offline', 'burnrate', '--json', 'status'], { BURNRATE_DATA_DIR: dataDir() });
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toHaveProperty('balance', 0);
  }, 240_000);

  it('`npx burnrate --json status` works with Electron’s build in place, and puts Node’s back', () => {
    simulateElectronRebuild();
    const r = run('npx', ['--offline', 'burnrate', '--json', 'status'], { BURNRATE_DATA_DIR: dataDir() });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('balance', 0);
    expect(r.stderr).toMatch(/putting the Node build back/);
    expect(nodeBuildInPlace()).toBe(true);
  }, 240_000);

  it('start:web’s entry serves with Electron’s build in place', async () => {
    simulateElectronRebuild();
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // The script minus its renderer build (vite is not the point here; an empty folder is served instead).
    const entry = pkg.scripts['start:web']!.split('&&')
      .map((s) => s.trim())
      .filter((s) => !s.startsWith('npm run build:renderer'));
    expect(entry).toEqual(['node scripts/ensure-node-abi.mjs', 'tsx main/host/web/main.ts']);
    const renderer = mkdtempSync(path.join(project, 'renderer-'));
    const command = `${entry.join(' && ')} --no-open --port 0 --renderer ${renderer} --data-dir ${dataDir()}`;
    const child = spawn('sh', ['-c', command], {
      cwd: project,
      detached: true,
      env: { ...process.env, PATH: `${path.join(project, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` },
    });
    try {
      const out = await readUntil(child, /Open: (http:\/\/127\.0\.0\.1:\d+\S*)/);
      expect(out.stdout).toMatch(/Burnrate web host on http:\/\/127\.0\.0\.1:\d+ \(data: /);
      expect(out.stderr).toMatch(/putting the Node build back/);
      expect(nodeBuildInPlace()).toBe(true);
    } finally {
      stop(child);
    }
  }, 240_000);
});

/** Resolves once the child's stdout matches `re` (or rejects when it exits first). */
function readUntil(child: ChildProcess, re: RegExp): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (re.test(stdout)) resolve({ stdout, stderr });
    });
    child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing its link\n${stdout}\n${stderr}`)));
  });
}

/** Stops the web host and everything it started (tsx runs it in a child process). */
function stop(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}
