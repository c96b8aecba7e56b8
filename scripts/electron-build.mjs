// Electron builds that keep the Node build of better-sqlite3 in place (scripts/sqlite-builds.mjs).
//   node scripts/electron-build.mjs start [-- CMD…]  (prestart) Electron's build → out/native/, Node's stays in place
//   node scripts/electron-build.mjs dist [-- CMD…]   (npm run dist) checks macOS signing (mac-signing.mjs), runs
//                                                    electron-builder (it rebuilds in place and packs that),
//                                                    then puts the Node build back
// CMD defaults to `electron-builder install-app-deps` / `electron-builder --config electron-builder.yml`;
// tests pass a stand-in (Electron cannot be downloaded here).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { macSigningPlan } from './mac-signing.mjs';
import { electronBuildName, ensureNodeSqlite, inPlaceBuild, nodeBuildCopy, replaceFile, sqlitePackage } from './sqlite-builds.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command in the project folder with the terminal attached; its exit status. */
function run(cmd) {
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

/** The command after `--`, or the default. */
function commandArg(fallback) {
  const i = process.argv.indexOf('--');
  return i >= 0 ? process.argv.slice(i + 1) : fallback;
}

/** Runs `cmd` (which rebuilds the package's build in place for Electron), then puts the Node build back, whatever happened. */
function withNodeBuildKept(pkg, cmd, afterRebuild) {
  ensureNodeSqlite(root);
  try {
    const status = run(cmd);
    if (status !== 0) return status;
    afterRebuild?.();
    return 0;
  } finally {
    replaceFile(nodeBuildCopy(pkg), inPlaceBuild(pkg));
  }
}

const mode = process.argv[2];
const pkg = sqlitePackage(root);
if (mode === 'start') {
  const electronVersion = JSON.parse(readFileSync(pkg.require.resolve('electron/package.json'), 'utf8')).version;
  const target = path.join(root, 'out', 'native', electronBuildName(pkg.version, electronVersion));
  if (existsSync(target)) {
    // Built before for this Electron and this better-sqlite3: nothing to do (npm start stays fast).
    ensureNodeSqlite(root);
  } else {
    process.exitCode = withNodeBuildKept(pkg, commandArg(['electron-builder', 'install-app-deps']), () => replaceFile(inPlaceBuild(pkg), target));
    if (process.exitCode === 0)
      console.log(`better-sqlite3 for Electron ${electronVersion}: ${path.relative(root, target)} (the Node build stays in node_modules)`);
  }
} else if (mode === 'dist') {
  const mac = process.platform === 'darwin' ? macSigningPlan(process.env) : { args: [], lines: [] };
  if (mac.error) {
    console.error(`npm run dist: ${mac.error} (docs/desktop-shell.md, Packaging)`);
    process.exitCode = 2;
  } else {
    mac.lines.forEach((line) => console.log(line));
    process.exitCode = withNodeBuildKept(pkg, [...commandArg(['electron-builder', '--config', 'electron-builder.yml']), ...mac.args]);
  }
} else {
  console.error('usage: node scripts/electron-build.mjs start|dist [-- CMD…]');
  process.exitCode = 2;
}
