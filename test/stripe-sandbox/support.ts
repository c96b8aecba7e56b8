/** Test support: a sandbox on a random port with a temp DB file, a controllable clock and an SDK client. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { startSandbox, type SandboxHandle } from '../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';

/** A manual clock: tests move time explicitly. */
export class TestClock {
  constructor(public current = new Date('2030-03-01T12:00:00Z')) {}
  now = (): Date => this.current;
  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
  /** Unix seconds of the current time. */
  get unix(): number {
    return Math.floor(this.current.getTime() / 1000);
  }
}

/** One sandbox under test; `restart()` reopens the same DB file on a new port. */
export interface Harness {
  handle: SandboxHandle;
  stripe: Stripe;
  clock: TestClock;
  dbFile: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a sandbox with a fresh temp DB file. */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-sandbox-'));
  const dbFile = join(dir, 'sandbox.db');
  const clock = new TestClock();
  const h: Harness = {
    handle: await startSandbox({ dbFile, port: 0, clock: clock.now }),
    stripe: undefined as unknown as Stripe,
    clock,
    dbFile,
    async restart() {
      await h.handle.close();
      h.handle = await startSandbox({ dbFile, port: 0, clock: clock.now });
      h.stripe = sandboxStripeClient(h.handle);
    },
    async stop() {
      await h.handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  h.stripe = sandboxStripeClient(h.handle);
  return h;
}

/** Awaits a promise expected to reject and returns the error (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (err) {
    return err as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A raw HTTP call to the sandbox, for what the SDK hides (headers, missing keys). */
export async function raw(
  h: Harness,
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string>; key?: string | null } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? 'sk_test_raw' : opts.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['Content-Type'] = headers['Content-Type'] ?? 'application/x-www-form-urlencoded';
  const res = await fetch(`${h.handle.url}${path}`, { method, headers, body: opts.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}
