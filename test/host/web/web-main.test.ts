import { spawnSync } from 'node:child_process';
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
  ])('%s: exits 2 with one line, before touching the data folder', (_what, env, message) => {
    const r = startWeb(env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fs.readdirSync(r.dataDir)).toEqual([]);
  }, 150_000);
});
