// better-sqlite3 is a native addon: one build loads in Node, another in Electron
// (different NODE_MODULE_VERSION). Node always loads the build in the package's
// build/Release; Electron, in development, loads its own build from out/native
// through better-sqlite3's `nativeBinding` option, so the two never overwrite
// each other. A copy of the Node build is kept in node_modules/.cache so a
// build clobbered anyway (by hand, or by an interrupted `npm run dist`) comes
// back without a compiler or network. docs/desktop-shell.md, "Two builds".
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The better-sqlite3 package the code under `projectDir` loads. */
export function sqlitePackage(projectDir) {
  const require = createRequire(path.join(projectDir, 'package.json'));
  const pkgJson = require.resolve('better-sqlite3/package.json');
  const dir = path.dirname(pkgJson);
  return { dir, version: JSON.parse(readFileSync(pkgJson, 'utf8')).version, require };
}

/** The addon Node loads (bindings' first choice). */
export function inPlaceBuild(pkg) {
  return path.join(pkg.dir, 'build', 'Release', 'better_sqlite3.node');
}

/** Where the copy of the Node build for this Node, platform, arch and package version is kept. */
export function nodeBuildCopy(pkg, abi = process.versions.modules) {
  return path.join(pkg.dir, '..', '.cache', 'burnrate-sqlite', `better_sqlite3-${pkg.version}-node-abi${abi}-${process.platform}-${process.arch}.node`);
}

/** The file name of Electron's build in out/native (main/shell/sqlite-addon.ts builds the same name). */
export function electronBuildName(sqliteVersion, electronVersion, platform = process.platform, arch = process.arch) {
  return `better_sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}.node`;
}

/** Copies `from` over `to` atomically (a reader never sees half a file; a loaded old file stays intact). */
export function replaceFile(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/**
 * The module version (ABI) a build of the addon was made for: the N of the
 * `node_register_module_vN` entry point every build of better-sqlite3 exports
 * (Node 20: 115; each Electron has its own). Read from the file, not by loading
 * it: a process that tried to load a foreign build cannot load the right one
 * from the same path afterwards. 'napi' for a Node-API build (loads in every
 * runtime); null when the file is missing or names no version (not a build
 * any Node can load).
 */
export function buildAbi(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const at = bytes.indexOf('node_register_module_v', 0, 'latin1');
  if (at < 0) return bytes.includes('napi_register_module_v', 0, 'latin1') ? 'napi' : null;
  const m = /^node_register_module_v(\d+)/.exec(bytes.toString('latin1', at, at + 40));
  return m ? m[1] : null;
}

/** Loads the package's build in a fresh Node process: null when it works, else the error text. */
export function loadErrorInChild(pkg) {
  try {
    execFileSync(process.execPath, ['-e', `new (require(${JSON.stringify(pkg.dir)}))(':memory:').close()`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    return null;
  } catch (err) {
    return String(err?.stderr || err);
  }
}

/** What to do when no build for this Node can be had (shown with the error). */
export const TOOLCHAIN_HELP =
  'better-sqlite3 has no working build for this Node. `npm rebuild better-sqlite3` downloads a prebuilt one, or compiles it when none matches: that needs Python 3 and a C++ toolchain (Linux: build-essential; macOS: Xcode Command Line Tools; Windows: Visual Studio Build Tools with "Desktop development with C++"). See docs/desktop-shell.md, "Two builds".';

/**
 * Makes sure Node's build is the one in place, for every Node entry point (the
 * CLI, the web host, tests, bench, soak). A build for this Node is copied
 * aside once; a build for another runtime is replaced by that copy, or — with
 * no copy — rebuilt with `npm rebuild better-sqlite3`. Returns what it did.
 */
export function ensureNodeSqlite(projectDir, log = (line) => process.stderr.write(`${line}\n`)) {
  const pkg = sqlitePackage(projectDir);
  const build = inPlaceBuild(pkg);
  const copy = nodeBuildCopy(pkg);
  const abi = buildAbi(build);
  if (abi === process.versions.modules || abi === 'napi') {
    if (!existsSync(copy)) replaceFile(build, copy);
    return 'ok';
  }
  const what =
    abi !== null
      ? `holds a build for module version ${abi} (Electron?), not this Node's ${process.versions.modules}`
      : existsSync(build)
        ? 'holds a file that is no build for Node'
        : 'has no build';
  if (buildAbi(copy) === process.versions.modules) {
    log(`better-sqlite3 in node_modules ${what}: putting the Node build back.`);
    replaceFile(copy, build);
    return 'restored';
  }
  log(`better-sqlite3 in node_modules ${what}: rebuilding it for Node (npm rebuild better-sqlite3)…`);
  try {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], {
      cwd: projectDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      shell: process.platform === 'win32',
    });
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${TOOLCHAIN_HELP}`, { cause: err });
  }
  const failed = loadErrorInChild(pkg);
  if (failed) throw new Error(`${failed.trim()}\n${TOOLCHAIN_HELP}`);
  replaceFile(build, copy);
  return 'rebuilt';
}
