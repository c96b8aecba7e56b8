import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/burnrate.mjs');
const BUNDLE = path.join(ROOT, 'out/cli/burnrate.mjs');
const WORKER = path.join(import.meta.dirname, 'cli-worker.mjs');
/** A bound on one invocation, only so that a hang reports itself instead of blocking the suite. */
const RUN_LIMIT_MS = 180_000;

/** Result of one CLI invocation. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** What a run sees when the test gives no env: the test process's own, without a data folder or clock from outside. */
function runEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '', BURNRATE_CRASH_AT: '', ...env };
}

function result(args: string[], code: number, stdout: string, stderr: string): CliResult {
  let json: unknown = undefined;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(stdout);
    } catch {
      json = undefined;
    }
  }
  return { code, stdout, stderr, json };
}

/**
 * Runs `burnrate` and parses --json output. In-process by default: the CLI's
 * own entry function (`runCliInProcess`, what `bin/burnrate.mjs` calls) on a
 * worker thread that this thread waits for, so the call stays synchronous
 * like a child process but costs no process start. A run that sets
 * BURNRATE_CRASH_AT is killed on purpose, so it gets a real process.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  if (env.BURNRATE_CRASH_AT) return runCliProcess(args, env);
  const w = cliThread();
  Atomics.store(w.flag, 0, 0);
  w.worker.postMessage({ args, env: runEnv(env) });
  if (Atomics.wait(w.flag, 0, 0, RUN_LIMIT_MS) === 'timed-out') {
    dropThread();
    return result(args, -1, '', `burnrate ${args.join(' ')}: no answer after ${RUN_LIMIT_MS / 1000} s\n`);
  }
  const reply = receiveMessageOnPort(w.port)?.message as { code: number; stdout: string; stderr: string; fatal?: boolean };
  if (reply.fatal) dropThread();
  return result(args, reply.code, reply.stdout, reply.stderr);
}

/** Runs `burnrate` as a user would, a real child process through `bin/burnrate.mjs`. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: runEnv(env), timeout: RUN_LIMIT_MS });
  return result(args, r.status ?? -1, r.stdout, r.stderr);
}

let thread: { worker: Worker; port: MessagePort; flag: Int32Array } | null = null;

/** The worker that runs this test file's CLI calls, started on first use. */
function cliThread(): { worker: Worker; port: MessagePort; flag: Int32Array } {
  if (thread) return thread;
  ensureBundle();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { bundle: BUNDLE, flag, port: port2 }, transferList: [port2] });
  // Never keeps the test process alive; it ends with it.
  worker.unref();
  thread = { worker, port: port1, flag };
  return thread;
}

function dropThread(): void {
  void thread?.worker.terminate();
  thread?.port.close();
  thread = null;
}

/** The global setup (test/support/global-setup.ts) keeps the bundle fresh; without it, build one if there is none. */
function ensureBundle(): void {
  if (fs.existsSync(BUNDLE)) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not build the CLI bundle: ${r.stderr}`);
}
