import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import Stripe from 'stripe';
import { exited } from './server-process.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/burnrate.mjs');

/** A `burnrate sandbox serve` running as its own process (a team server's Stripe, as BURNRATE_STRIPE_API). */
export interface SandboxProcess {
  url: string;
  /** Its database file (for `sandbox pay --db` and for reading its webhook deliveries). */
  db: string;
  child: ChildProcess;
  /** What it wrote on stderr so far. */
  stderr(): string;
  /** The SDK on this sandbox (any test key), as the server's gateway talks to it. */
  stripe(): Stripe;
  /** Sends SIGTERM and resolves once it exited. */
  stop(): Promise<number | string>;
}

/**
 * Starts `burnrate sandbox serve --port 0 --db FILE` (through bin/burnrate.mjs,
 * as a user would), optionally delivering signed events to `webhook.url` with
 * `webhook.secret` (passed in the environment, never in the arguments), and
 * waits for its JSON line.
 */
export function startSandboxProcess(db: string, webhook?: { url: string; secret: string }): Promise<SandboxProcess> {
  const args = [BIN, '--json', 'sandbox', 'serve', '--port', '0', '--db', db, ...(webhook ? ['--webhook-url', webhook.url] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, BURNRATE_NOW: '', STRIPE_WEBHOOK_SECRET: webhook?.secret ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      stdout += c.toString();
      if (!stdout.includes('\n')) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      const { url } = JSON.parse(stdout.split('\n')[0]!) as { url: string };
      const u = new URL(url);
      resolve({
        url,
        db,
        child,
        stderr: () => stderr,
        stripe: () => new Stripe('sk_test_sandbox_process', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 }),
        stop: () => {
          const done = exited(child);
          child.kill('SIGTERM');
          return done;
        },
      });
    };
    const onExit = (code: number | null) => reject(new Error(`sandbox serve exited (${code}) before it listened:\n${stdout}\n${stderr}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A loopback port free right now (for a server whose URL another process must know before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
