import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/burnrate.mjs');
const T = '2026-03-02T09:00:00Z';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    fs.chmodSync(d, 0o700);
    for (const f of fs.readdirSync(d, { recursive: true }) as string[]) fs.chmodSync(path.join(d, f), 0o700);
    fs.rmSync(d, { recursive: true, force: true });
  }
});
// Root ignores file modes, so as root the commands run as `nobody` over a folder it owns; otherwise as this user.
const asRoot = process.getuid?.() === 0;

/** A temporary folder; as root one `nobody` can reach (the per-file temporary root is root's own, 0700). */
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(asRoot ? '/tmp' : os.tmpdir(), 'burnrate-cli-files-'));
  dirs.push(d);
  return d;
}

describe('a ledger file that is not one: exit 2 with what to do, the file left as it is', () => {
  it.each([
    ['empty (0 bytes)', Buffer.alloc(0), /is empty \(0 bytes\).*move it away/],
    ['corrupt', Buffer.from('not a ledger\n'.repeat(500)), /is not a readable Burnrate ledger.*restore it from a backup/],
  ])('%s', (_what, bytes, message) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'burnrate.db'), bytes);
    const r = runCli(['--data-dir', dir, '--now', T, 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fs.readFileSync(path.join(dir, 'burnrate.db')).equals(bytes)).toBe(true);
  });
});

describe.skipIf(process.platform === 'win32')('a read-only data folder still serves reading commands', () => {
  function cli(dataDir: string, ...args: string[]) {
    // Its temporary folder (the ledger's private copy) is one it may write.
    const tmp = path.join(path.dirname(dataDir), 'tmp');
    const r = spawnSync(process.execPath, [BIN, '--data-dir', dataDir, '--now', '2026-03-02T12:30:00Z', ...args], {
      encoding: 'utf8',
      env: { ...process.env, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '', HOME: tmp, TMPDIR: tmp },
      timeout: 60_000,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('status, ledger and an export to another folder work; a change is refused (exit 2) and the ledger is untouched', () => {
    const root = tempDir();
    const data = path.join(root, 'data');
    const out = path.join(root, 'out');
    for (const args of [
      ['coupon', 'create', 'SEED', '--credits', '1000'],
      ['coupon', 'redeem', 'SEED'],
      ['deploy', 'create', '--name', 'a', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S'],
      ['deploy', 'start', '1'],
    ]) {
      expect(runCli(['--data-dir', data, '--now', T, ...args]).code).toBe(0);
    }
    fs.mkdirSync(out);
    fs.mkdirSync(path.join(root, 'tmp'));
    if (asRoot)
      for (const p of [root, data, out, path.join(root, 'tmp'), ...fs.readdirSync(data).map((f) => path.join(data, f))]) fs.chownSync(p, 65534, 65534);
    for (const f of fs.readdirSync(data)) fs.chmodSync(path.join(data, f), 0o400);
    fs.chmodSync(data, 0o500);
    const before = fs.readdirSync(data).map((f) => [f, fs.readFileSync(path.join(data, f)).toString('base64')]);

    const status = cli(data, '--json', 'status');
    expect(status.stderr).toBe('');
    // Read as last settled: the hour at 09:00 was paid; nothing due since is charged (it could not be written).
    expect(JSON.parse(status.stdout)).toMatchObject({ balance: 940, running: 1 });
    const ledger = cli(data, '--json', 'ledger');
    expect(ledger.code).toBe(0);
    expect((JSON.parse(ledger.stdout) as { kind: string }[]).map((e) => e.kind)).toEqual(['coupon', 'charge']);
    const exported = cli(data, 'export', '--kind', 'transactions', '--format', 'csv', '--out', path.join(out, 't.csv'));
    expect(exported.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 't.csv'), 'utf8')).toMatch(/coupon/);

    const change = cli(data, '--json', 'coupon', 'create', 'MORE', '--credits', '5');
    expect(change.code).toBe(2);
    expect(JSON.parse(change.stdout)).toMatchObject({ error: { code: 'read_only_data' } });
    expect(change.stderr).toMatch(/^burnrate: the data folder is read-only/);
    expect(fs.readdirSync(data).map((f) => [f, fs.readFileSync(path.join(data, f)).toString('base64')])).toEqual(before);
  });
});
