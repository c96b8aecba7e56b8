import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Starts `npm run start:web`'s entry with env; returns how it exited (only refusals are tried: they exit at once). */
function startWeb(env: NodeJS.ProcessEnv) {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/host/web/main.ts', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, dataDir };
}

// One parser for every instant (test/core/clock.test.ts has the table); here only that the web host uses it.
describe('web host: BURNRATE_NOW is checked like --now', () => {
  it.each([
    ['malformed, with test controls', { BURNRATE_TEST_CONTROLS: '1', BURNRATE_NOW: 'yesterday' }, /BURNRATE_NOW "yesterday" is not an ISO-8601 instant/],
    ['after 2100, without test controls', { BURNRATE_TEST_CONTROLS: '', BURNRATE_NOW: '9999-12-31' }, /outside the range/],
  ])(
    '%s: exits 2 with one line, before touching the data folder',
    (_what, env, message) => {
      const r = startWeb(env);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(fs.readdirSync(r.dataDir)).toEqual([]);
    },
    300_000,
  );
});

describe("web host: opening the browser puts no secret in any process's arguments", () => {
  it("runs the opener on the launch file's path (0600), prints no launch code, and removes the file on exit", async () => {
    const bin = tempDir();
    const dataDir = tempDir();
    dirs.push(bin, dataDir);
    const argsFile = path.join(bin, 'args.txt');
    // A stand-in for xdg-open that records the arguments it was given (what /proc/<pid>/cmdline shows everyone).
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`, { mode: 0o755 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/web/main.ts', '--port', '0', '--data-dir', dataDir], {
      cwd: repoRoot,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, BURNRATE_TEST_CONTROLS: '', BURNRATE_NOW: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await expect.poll(() => fs.existsSync(argsFile) && fs.readFileSync(argsFile, 'utf8').length > 0, { timeout: 120_000, interval: 200 }).toBe(true);
      const args = fs.readFileSync(argsFile, 'utf8').trim().split('\n');
      const launchFile = /Launch file \(.*\): (\S+)/.exec(stdout)?.[1];
      expect(args).toEqual([launchFile]);
      expect(fs.statSync(launchFile!).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(launchFile!, 'utf8')).toMatch(/#code=[A-Za-z0-9_-]{43}/);
      expect(stdout).not.toMatch(/code=/);
      child.kill('SIGTERM');
      await exited;
      expect(fs.existsSync(launchFile!)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 150_000);
});
