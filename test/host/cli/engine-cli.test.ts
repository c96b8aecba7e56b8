import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { tempDir } from '../../support/engine-fixture.js';

const T = '2026-03-02T09:00:00Z';

function cli(dir: string, now: string, ...args: string[]) {
  return runCli(['--data-dir', dir, '--now', now, '--json', ...args]);
}

/** Every row of every table: equal fingerprints mean nothing changed. */
function fingerprint(dir: string): string {
  const db = new Database(path.join(dir, 'burnrate.db'), { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all()));
  db.close();
  return dump.join('\n');
}

/** A data dir with credits and one running deployment, copied for each refusal case. */
let seeded = '';

describe('burnrate CLI: the engine from outside', () => {
  beforeAll(() => {
    seeded = tempDir();
    cli(seeded, T, 'coupon', 'create', 'SEED', '--credits', '1000');
    cli(seeded, T, 'coupon', 'redeem', 'SEED');
    cli(seeded, T, 'deploy', 'create', '--name', 'a', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S');
    expect(cli(seeded, T, 'deploy', 'start', '1').code).toBe(0);
  });

  it('a billing scenario replayed through the CLI gives the charges, balance and states SPEC.md implies', () => {
    const dir = tempDir();
    expect(cli(dir, T, 'coupon', 'create', 'START', '--credits', '1000').code).toBe(0);
    expect(cli(dir, T, 'coupon', 'redeem', 'start').json).toMatchObject({ credits: 1000, balance: 1000 });
    const created = cli(dir, T, 'deploy', 'create', '--name', 'llama-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L');
    expect(created.code).toBe(0);
    const id = String((created.json as { id: number }).id);
    expect(cli(dir, T, 'deploy', 'start', id).json).toMatchObject({ state: 'running', chargedCredits: 350, balance: 650 });
    const tick = cli(dir, '2026-03-02T11:30:00Z', 'tick');
    expect(tick.json).toMatchObject({
      charged: [{ deploymentId: Number(id), hourStart: '2026-03-02T10:00:00.000Z', credits: 350 }],
      paused: [{ deploymentId: Number(id), at: '2026-03-02T11:00:00.000Z', reason: 'insufficient_credits' }],
      balance: 300,
    });
    expect(cli(dir, '2026-03-02T11:30:00Z', 'deploy', 'list').json).toEqual([
      expect.objectContaining({ id: Number(id), name: 'llama-70b', tier: 'L', state: 'paused', pausedReason: 'insufficient_credits' }),
    ]);
    const ledger = cli(dir, '2026-03-02T11:30:00Z', 'ledger').json as {
      kind: string;
      credits: number;
      balanceAfter: number;
      deploymentId: number | null;
      hourStart: string | null;
      at: string;
    }[];
    expect(ledger.map((e) => [e.kind, e.credits, e.balanceAfter, e.deploymentId, e.hourStart])).toEqual([
      ['coupon', 1000, 1000, null, null],
      ['charge', -350, 650, Number(id), '2026-03-02T09:00:00.000Z'],
      ['charge', -350, 300, Number(id), '2026-03-02T10:00:00.000Z'],
    ]);
    expect(cli(dir, '2026-03-02T11:30:00Z', 'status').json).toMatchObject({ balance: 300, monthSpend: 700, running: 0 });
    expect(cli(dir, '2026-03-02T11:40:00Z', 'coupon', 'create', 'MORE', '--credits', '500').code).toBe(0);
    expect(cli(dir, '2026-03-02T11:40:00Z', 'coupon', 'redeem', 'MORE').json).toMatchObject({ resumed: [Number(id)], balance: 450 });
  });

  it('status on a fresh data dir prints exactly one JSON value', () => {
    const r = cli(tempDir(), T, 'status');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ balance: 0, monthSpend: 0, running: 0 });
  });

  it.each([
    { what: 'an unknown deployment id', args: ['deploy', 'start', '99'] },
    { what: 'a non-numeric id', args: ['deploy', 'pause', 'abc'] },
    { what: 'a bad tier', args: ['deploy', 'create', '--name', 'x', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'XL'] },
    { what: 'a bad precision', args: ['deploy', 'create', '--name', 'x', '--model', 'm', '--params', '7', '--precision', 'fp8', '--tier', 'S'] },
    { what: 'a bad parameter count', args: ['deploy', 'create', '--name', 'x', '--model', 'm', '--params', '-7', '--precision', 'fp16', '--tier', 'S'] },
    { what: 'a missing option', args: ['deploy', 'create', '--name', 'x'] },
    { what: 'negative coupon credits', args: ['coupon', 'create', 'NEG', '--credits', '-5'] },
    { what: 'fractional coupon credits', args: ['coupon', 'create', 'FRAC', '--credits', '1.5'] },
    { what: 'a malformed expiry date', args: ['coupon', 'create', 'BAD', '--credits', '5', '--expires', '2026-13-45'] },
    { what: 'an expiry already past', args: ['coupon', 'create', 'OLD', '--credits', '5', '--expires', '2020-01-01'] },
    { what: 'a malformed --now', args: ['--now', 'yesterday', 'status'] },
    { what: 'an empty --now (never the wall clock)', args: ['--now', '', 'tick'] },
    { what: 'a --now far in the future (9999-12-31)', args: ['--now', '9999-12-31', 'tick'] },
    { what: 'a --now before 2000 (1969)', args: ['--now', '1969-12-31T23:00:00Z', 'tick'] },
    { what: 'a --now with an offset no zone has (+99:00)', args: ['--now', '2026-03-02T12:00:00+99:00', 'tick'] },
    {
      what: 'a deployment name with ESC',
      args: ['deploy', 'create', '--name', 'x\u001b[2J', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S'],
    },
    {
      what: 'a deployment name with a bidi override',
      args: ['deploy', 'create', '--name', 'abc\u202Egpj', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S'],
    },
    { what: 'a coupon code with BEL', args: ['coupon', 'create', 'FREE\u0007', '--credits', '5'] },
    { what: 'an over-long catalog name', args: ['catalog', 'set-price', 'XL', '--credits', '900', '--name', 'G'.repeat(41), '--memory-gb', '320'] },
    { what: 'a catalog name with a newline', args: ['catalog', 'set-price', 'XL', '--credits', '900', '--name', 'GPU\nXL', '--memory-gb', '320'] },
    { what: 'an unknown coupon', args: ['coupon', 'redeem', 'NOPE'] },
    { what: 'an invalid transition (resume a running deployment)', args: ['deploy', 'resume', '1'] },
    { what: 'an unknown command', args: ['frobnicate'] },
    { what: 'no command at all', args: [] },
    { what: 'a command group without its command', args: ['deploy'] },
  ])('$what exits 2 with one clear line on stderr and changes nothing', ({ args }) => {
    const dir = tempDir();
    fs.cpSync(seeded, dir, { recursive: true });
    const before = fingerprint(dir);
    const r = runCli(['--data-dir', dir, '--now', T, '--json', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^burnrate: \S/);
    expect(r.json).toMatchObject({ error: { message: expect.any(String) } });
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a data folder that is a file is refused with exit 2 and left alone', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'keep me');
    const r = runCli(['--data-dir', file, '--json', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^burnrate: .*is a file, not a folder/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  it.each([
    ['malformed', 'yesterday', 'invalid_date'],
    ['out of range', '9999-12-31', 'date_out_of_range'],
    ['only spaces', '  ', 'invalid_date'],
  ])('a %s BURNRATE_NOW exits 2 and changes nothing', (_what, now, code) => {
    const dir = tempDir();
    fs.cpSync(seeded, dir, { recursive: true });
    const before = fingerprint(dir);
    const r = runCli(['--json', 'tick'], { BURNRATE_DATA_DIR: dir, BURNRATE_NOW: now });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^burnrate: BURNRATE_NOW /);
    expect(r.json).toMatchObject({ error: { code } });
    expect(fingerprint(dir)).toEqual(before);
  });

  it('an empty BURNRATE_NOW means unset (the wall clock), while an empty --now is refused', () => {
    const dir = tempDir();
    const r = runCli(['--json', 'status'], { BURNRATE_DATA_DIR: dir, BURNRATE_NOW: '' });
    expect(r.code).toBe(0);
    expect(Math.abs(Date.parse((r.json as { at: string }).at) - Date.now())).toBeLessThan(3_600_000);
    expect(runCli(['--json', '--now', '', 'status'], { BURNRATE_DATA_DIR: dir }).json).toMatchObject({
      error: { code: 'invalid_date', message: expect.stringMatching(/^--now is empty/) },
    });
  });

  it('BURNRATE_DATA_DIR and BURNRATE_NOW stand in for the flags', () => {
    const dir = tempDir();
    const r = runCli(['--json', 'status'], { BURNRATE_DATA_DIR: dir, BURNRATE_NOW: '2026-05-01T00:00:00Z' });
    expect(r.json).toMatchObject({ at: '2026-05-01T00:00:00.000Z' });
  });
});
