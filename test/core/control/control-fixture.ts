import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from '../../support/engine-fixture.js';

/** The command hook the tests attach (a real script: it starts and stops a real server process). */
export const HOOK = path.join(import.meta.dirname, 'fixtures', 'hook.mjs');

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** One stand-in instance: its state folder (hook log, MODE, pid file) and port. */
export interface StandIn {
  dir: string;
  port: number;
  healthUrl: string;
  /** Makes the hook fail ("fail"), hang ("hang"), exit 0 without acting ("lie"), wait for `release()` ("wait"), or behave ("ok"). */
  setMode(mode: 'ok' | 'fail' | 'hang' | 'lie' | 'wait'): void;
  /** Lets a hook in mode "wait" go on. */
  release(): void;
  /** Every call of the hook so far: its argv and BURNRATE_* environment. */
  calls(): { argv: string[]; env: Record<string, string> }[];
  /** The actions the hook was called with, in order. */
  actions(): string[];
  /** Whether the stand-in server answers /health now. */
  serving(): Promise<boolean>;
  /** Kills the server if it runs and removes the folder. */
  cleanup(): void;
}

/** A stand-in instance in a fresh temporary folder. */
export async function standIn(): Promise<StandIn> {
  const dir = tempDir('burnrate-control-');
  const port = await freePort();
  const pidFile = path.join(dir, 'server.pid');
  const log = path.join(dir, 'calls.jsonl');
  const calls = () =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { argv: string[]; env: Record<string, string> })
      : [];
  return {
    dir,
    port,
    healthUrl: `http://127.0.0.1:${port}/health`,
    setMode: (mode) => fs.writeFileSync(path.join(dir, 'MODE'), mode),
    release: () => fs.writeFileSync(path.join(dir, 'RELEASE'), ''),
    calls,
    actions: () => calls().map((c) => c.argv[c.argv.length - 1]!),
    async serving() {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) })).ok;
      } catch {
        return false;
      }
    },
    cleanup() {
      if (fs.existsSync(pidFile)) {
        try {
          process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
