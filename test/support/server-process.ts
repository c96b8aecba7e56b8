import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/burnrate.mjs');

/** A `burnrate server` running as its own process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What it wrote so far. */
  output(): { stdout: string; stderr: string };
  /** Sends SIGTERM and resolves with its exit code (or the signal that ended it). */
  stop(): Promise<number | string>;
}

/** Resolves when the child exits, with its code (or signal). */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal!)));
}

/**
 * Starts `burnrate server --port 0 <args>` (through bin/burnrate.mjs, as a user
 * would) with the given env and waits for its one line: the URL. A process that
 * exits first rejects with what it printed.
 */
export function startServerProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'server', '--port', '0', ...args], {
    env: { ...process.env, BURNRATE_NOW: '', BURNRATE_SERVER_PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /^Burnrate server listening on (http:\/\/\S+)/m.exec(stdout);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      resolve({
        url: m[1]!,
        child,
        output: () => ({ stdout, stderr }),
        stop: () => {
          const done = exited(child);
          child.kill('SIGTERM');
          return done;
        },
      });
    };
    const onExit = (code: number | null) => reject(new Error(`burnrate server exited (${code}) before it listened:\n${stdout}\n${stderr}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}
