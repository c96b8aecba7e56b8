import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../../main/host/cli/main.js';
import { tempDir } from '../../support/engine-fixture.js';

const dirs: string[] = [];
const dir = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

/** One run with its own env and captured streams. */
async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, env, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('runCliInProcess: the CLI as a function of (arguments, env, streams)', () => {
  it('reads the data folder and the clock from the env it is given, not from the process', async () => {
    const a = dir();
    const b = dir();
    vi.stubEnv('BURNRATE_DATA_DIR', b);
    vi.stubEnv('BURNRATE_NOW', '2030-01-01T00:00:00Z');
    expect((await run(['coupon', 'create', 'ONLYA', '--credits', '5'], { BURNRATE_DATA_DIR: a, BURNRATE_NOW: '2026-03-02T09:00:00Z' })).code).toBe(0);
    const status = await run(['--json', 'status'], { BURNRATE_DATA_DIR: a, BURNRATE_NOW: '2026-03-02T09:00:00Z' });
    expect(JSON.parse(status.stdout)).toMatchObject({ at: '2026-03-02T09:00:00.000Z' });
    expect(fs.readdirSync(b)).toEqual([]);
  });

  it('writes only to the streams it is given and leaves process.exitCode alone, on success, refusal and usage errors', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const d = dir();
    const env = { BURNRATE_DATA_DIR: d, BURNRATE_NOW: '2026-03-02T09:00:00Z' };
    process.exitCode = undefined;
    const cases = [
      { args: ['--json', 'status'], code: 0 },
      { args: ['--json', 'deploy', 'start', '7'], code: 2 },
      { args: ['deploy', 'frobnicate'], code: 2 },
      { args: ['--help'], code: 0 },
    ];
    for (const c of cases) {
      const r = await run(c.args, env);
      expect(r.code, c.args.join(' ')).toBe(c.code);
      expect(r.stdout + r.stderr).not.toBe('');
    }
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });

  it('runs one after another in one process without sharing state: each run its own folder, clock and exit code', async () => {
    const a = dir();
    const b = dir();
    const at = (d: string, now: string) => ({ BURNRATE_DATA_DIR: d, BURNRATE_NOW: now });
    expect((await run(['coupon', 'create', 'A', '--credits', '100'], at(a, '2026-03-02T09:00:00Z'))).code).toBe(0);
    expect((await run(['coupon', 'redeem', 'A'], at(b, '2026-03-02T09:00:00Z'))).code).toBe(2);
    expect((await run(['coupon', 'redeem', 'A'], at(a, '2026-03-02T09:00:00Z'))).code).toBe(0);
    const sa = JSON.parse((await run(['--json', 'status'], at(a, '2026-03-05T09:00:00Z'))).stdout) as { balance: number; at: string };
    const sb = JSON.parse((await run(['--json', 'status'], at(b, '2026-03-04T09:00:00Z'))).stdout) as { balance: number; at: string };
    expect([sa, sb]).toEqual([
      expect.objectContaining({ balance: 100, at: '2026-03-05T09:00:00.000Z' }),
      expect.objectContaining({ balance: 0, at: '2026-03-04T09:00:00.000Z' }),
    ]);
  });
});
