import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { ChildJob } from './pg-child.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CHILD = path.join(import.meta.dirname, 'pg-child.ts');

/**
 * Bundles pg-child.ts into a temporary folder the way scripts/build-cli.mjs
 * bundles the CLI (worker copied beside it): a child then starts in a fraction
 * of tsx's time. Returns the bundle's path; its folder goes with the temp root.
 */
export async function bundleChild(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-child-'));
  const outfile = path.join(dir, 'pg-child.mjs');
  await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
  const { copyWorkers } = (await import(pathToFileURL(path.join(ROOT, 'scripts/build-cli.mjs')).href)) as { copyWorkers(d: string): void };
  copyWorkers(dir);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return outfile;
}

/** A child process running one job: `ready` once it is connected, `go()` starts its work, `done` its JSON result. */
export interface Child<T> {
  ready: Promise<void>;
  go(): void;
  done: Promise<T>;
}

/** Starts a child on `job` (a separate process: the synchronous connection blocks its thread, so concurrent writers must be processes). */
export function startChild<T>(bundle: string, job: ChildJob): Child<T> {
  const child = spawn(process.execPath, [bundle, JSON.stringify(job)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<T>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      markReady();
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0) resolve(JSON.parse(last) as T);
      else reject(new Error(`child exited ${String(code)}: ${out}${err}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

/** Starts every job, waits until all are connected, then lets them all go at once; resolves with their results. */
export async function runTogether<T>(bundle: string, jobs: ChildJob[]): Promise<{ results: T[]; ms: number }> {
  const children = jobs.map((job) => startChild<T>(bundle, job));
  await Promise.all(children.map((c) => c.ready));
  const t = performance.now();
  for (const c of children) c.go();
  const results = await Promise.all(children.map((c) => c.done));
  return { results, ms: performance.now() - t };
}
