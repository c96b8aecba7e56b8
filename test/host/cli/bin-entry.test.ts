import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli, runCliProcess } from '../../support/run-cli.js';

// The behaviour tests run the CLI in-process (test/support/run-cli.ts); these
// few run `bin/burnrate.mjs` as a real child process, so the entry a user
// starts — the process's argv, env, streams and exit code — stays covered.
// A real process start can take seconds on a loaded machine.
const PROCESS_TIMEOUT = 180_000;
const T = '2026-03-02T09:00:00Z';
const dirs: string[] = [];
const dir = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('bin/burnrate.mjs as a real process', () => {
  it.each([
    { what: 'success', args: ['status'], setup: () => {}, code: 0, error: null },
    { what: 'a refusal', args: ['deploy', 'start', '9'], setup: () => {}, code: 2, error: 'unknown_deployment' },
    { what: 'a usage error', args: ['deploy', 'start'], setup: () => {}, code: 2, error: 'usage' },
    // A folder where the ledger file should be: SQLite cannot open it, which no rule of Burnrate's explains.
    { what: 'an internal error', args: ['status'], setup: (d: string) => fs.mkdirSync(path.join(d, 'burnrate.db')), code: 1, error: 'internal_error' },
  ])(
    '$what: exit $code, with exactly one JSON value on stdout under --json',
    ({ args, setup, code, error }) => {
      const d = dir();
      setup(d);
      const r = runCliProcess(['--data-dir', d, '--now', T, '--json', ...args]);
      expect(r.code).toBe(code);
      expect(r.json).toBeDefined();
      if (error) {
        expect(r.json).toEqual({ error: { code: error, message: expect.any(String) } });
        expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^burnrate: \S/)]);
      } else {
        expect(r.stderr).toBe('');
      }
    },
    PROCESS_TIMEOUT,
  );

  it(
    'reads the data folder and the clock from BURNRATE_DATA_DIR and BURNRATE_NOW',
    () => {
      const d = dir();
      expect(runCliProcess(['coupon', 'create', 'ENV', '--credits', '70'], { BURNRATE_DATA_DIR: d, BURNRATE_NOW: T }).code).toBe(0);
      expect(runCliProcess(['--json', 'coupon', 'redeem', 'ENV'], { BURNRATE_DATA_DIR: d, BURNRATE_NOW: T }).json).toMatchObject({ credits: 70, balance: 70 });
      expect(fs.existsSync(path.join(d, 'burnrate.db'))).toBe(true);
    },
    PROCESS_TIMEOUT,
  );

  it(
    '--help prints the commands on stdout and exits 0; no command at all is exit 2 with one line',
    () => {
      const help = runCliProcess(['--help']);
      expect([help.code, help.stderr]).toEqual([0, '']);
      expect(help.stdout).toMatch(/Usage: burnrate \[options\] \[command\][\s\S]*deploy/);
      const none = runCliProcess([]);
      expect(none.code).toBe(2);
      expect(none.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^burnrate: a command is needed/)]);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'answers the same as the in-process runner the behaviour tests use',
    () => {
      const a = dir();
      const b = dir();
      const steps = [['coupon', 'create', 'SAME', '--credits', '1000'], ['deploy', 'start', '1'], ['status']];
      for (const s of steps) {
        const real = runCliProcess(['--data-dir', a, '--now', T, '--json', ...s]);
        const inProcess = runCli(['--data-dir', b, '--now', T, '--json', ...s]);
        expect({ code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr.replace(b, a) }).toEqual({
          code: real.code,
          stdout: real.stdout,
          stderr: real.stderr,
        });
      }
    },
    PROCESS_TIMEOUT,
  );
});
