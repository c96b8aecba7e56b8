#!/usr/bin/env node
// Runs the CLI from its bundle, rebuilding it first when a source file changed,
// so `npx burnrate` is fast right after `npm install` and never runs stale code.
// Without esbuild (a devDependency, absent from an install that omits them) it
// runs the bundle already built, or else the sources through tsx.
// The CLI itself is a function of (arguments, environment, streams) → exit code;
// this file only hands it the process's own.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const BUILT_BUNDLE = path.join(here, '..', 'out', 'cli', 'burnrate.mjs');

/** The up-to-date bundle's path; without esbuild, the bundle already built; null when neither works. */
async function freshBundle() {
  let builder;
  try {
    builder = await import(pathToFileURL(path.join(here, '..', 'scripts', 'build-cli.mjs')).href);
  } catch {
    return existsSync(BUILT_BUNDLE) ? BUILT_BUNDLE : null;
  }
  try {
    if (builder.cliBundleIsStale()) await builder.buildCli();
    return builder.CLI_BUNDLE;
  } catch {
    return null; // never a stale bundle: the sources through tsx say what is wrong
  }
}

/** Puts Node's build of better-sqlite3 back if `npm start` or `npm run dist` left Electron's in place. */
async function nodeSqlite() {
  let ensureNodeSqlite;
  try {
    ({ ensureNodeSqlite } = await import(pathToFileURL(path.join(here, '..', 'scripts', 'sqlite-builds.mjs')).href));
  } catch {
    return; // an install without the scripts: its build is whatever npm installed
  }
  try {
    ensureNodeSqlite(path.join(here, '..'));
  } catch (err) {
    process.stderr.write(`burnrate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

await nodeSqlite();
const bundle = await freshBundle();
let cli;
if (bundle) {
  cli = await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../main/host/cli/main.ts');
}
process.exitCode = await cli.runCliInProcess(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
