import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Channel, ChannelInput, ChannelOutput, Reply } from '../../../preload/contract.js';
import { repoRoot } from './build-renderer.js';
import { childArgs } from '../../support/child-bundles.js';

const run = promisify(execFile);

/** How long a host may take to exit after SIGTERM (it closes in well under a second) before it is killed and reported. */
const STOP_LIMIT_MS = 30_000;

/** A running web host on a fresh data folder, with its test clock. */
export interface WebHost {
  /** A fresh launch link for a browser page (single use, minted through this helper's own session). */
  newLaunchUrl(): Promise<string>;
  origin: string;
  /** This helper's session token (from spending the launch link the host printed). */
  token: string;
  dataDir: string;
  /** What the host wrote on stderr so far (for a failing test's message). */
  stderr(): string;
  /** Calls a channel like the page does; returns the Reply envelope. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Reply<ChannelOutput<C>>>;
  /** Calls a channel and returns its result, failing the test on an error. */
  result<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Moves the engine's simulated clock (test control) and returns the new now. */
  advance(ms: number): Promise<string>;
  /** Runs the burnrate CLI on the same data folder at the engine's clock reading. */
  cli(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** How a web host is started: on its own ledger with test controls at `now`, or connected to a team server. */
export type WebHostOptions =
  | { rendererDir: string; now: string }
  /** `--server URL` with the member's token in BURNRATE_TOKEN: no test controls (the server's clock is the machine's) and no Stripe key. */
  | { rendererDir: string; server: { url: string; token: string } };

/** Starts `main/host/web/main.ts` as a child: with test controls on, or connected to a team server. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'burnrate-e2e-data-'));
  const args = [...childArgs('web-host'), '--no-open', '--port', '0', '--data-dir', dataDir, '--renderer', opts.rendererDir];
  const mode =
    'server' in opts
      ? {
          args: ['--server', opts.server.url],
          env: { BURNRATE_TOKEN: opts.server.token, BURNRATE_TEST_CONTROLS: '', BURNRATE_NOW: '', STRIPE_SECRET_KEY: '', BURNRATE_STRIPE_API: '' },
        }
      : { args: [], env: { BURNRATE_TEST_CONTROLS: '1', BURNRATE_NOW: opts.now } };
  const child: ChildProcess = spawn(process.execPath, [...args, ...mode.args], {
    cwd: repoRoot,
    env: { ...process.env, ...mode.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${stderr}`)), 180_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`web host exited (${code}): ${stderr}`)));
  });
  const url = new URL(launchUrl);
  const origin = url.origin;
  // The helper is the first "browser": it spends the printed link for its own session, as the page does.
  const session = (await (
    await fetch(`${origin}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: url.hash.replace(/^#code=/, '') }),
    })
  ).json()) as Reply<{ token: string }>;
  if ('error' in session) throw new Error(`the printed launch link was refused: ${session.error.message}`);
  const token = session.result.token;

  async function post(route: string, input: unknown): Promise<unknown> {
    const res = await fetch(`${origin}/api/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-burnrate-token': token },
      body: JSON.stringify(input),
      // Bounded far above any reply's time: a host that stops answering fails the test naming the route, not as a silent test timeout.
      signal: AbortSignal.timeout(180_000),
    }).catch((e: unknown) => {
      throw new Error(`web host did not answer /api/${route}: ${String(e)}`);
    });
    return res.json();
  }

  const host: WebHost = {
    async newLaunchUrl() {
      const r = (await post('session/launch', {})) as Reply<{ launchUrl: string }>;
      if ('error' in r) throw new Error(`session/launch: ${r.error.message}`);
      return r.result.launchUrl;
    },
    origin,
    token,
    dataDir,
    stderr: () => stderr,
    call: (channel, input) => post(channel, input) as Promise<Reply<never>>,
    async result(channel, input) {
      const r = await host.call(channel, input);
      if ('error' in r) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.result;
    },
    async advance(ms) {
      const r = (await post('test/clock', { advanceMs: ms })) as Reply<{ now: string }>;
      if ('error' in r) throw new Error(`test/clock: ${r.error.message}`);
      return r.result.now;
    },
    async cli(args) {
      const snap = await host.result('snapshot/get', {});
      // Bounded (far above its run time, so load alone never trips it): a CLI that hangs fails here with its output, not as a silent test timeout.
      const { stdout } = await run(process.execPath, ['bin/burnrate.mjs', '--data-dir', dataDir, '--now', snap.at, ...args], {
        cwd: repoRoot,
        timeout: 180_000,
      });
      return stdout;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A host that does not end on SIGTERM fails here with what it said, not as a silent hook timeout.
        const late = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), STOP_LIMIT_MS).unref())]);
        if (late) {
          child.kill('SIGKILL');
          await exited;
          throw new Error(`web host did not exit within ${STOP_LIMIT_MS / 1000} s of SIGTERM; its stderr:\n${stderr.slice(-3000)}`);
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return host;
}
