import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { tempDir } from '../../support/engine-fixture.js';
import { HOOK, standIn, type StandIn } from '../../core/control/control-fixture.js';

vi.setConfig({ testTimeout: 180_000 });

const T = '2026-03-02T09:00:00Z';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const made: string[] = [];
const instances: StandIn[] = [];
afterAll(() => {
  for (const i of instances) i.cleanup();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function cli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['--data-dir', dir, '--now', T, '--json', ...args], env);
}

/** A data dir with credits and one created deployment (id 1). */
function seeded(): string {
  const dir = tempDir();
  made.push(dir);
  expect(cli(dir, ['coupon', 'create', 'SEED', '--credits', '10000']).code).toBe(0);
  expect(cli(dir, ['coupon', 'redeem', 'SEED']).code).toBe(0);
  expect(cli(dir, ['deploy', 'create', '--name', 'chat-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L']).code).toBe(0);
  return dir;
}

async function instance(): Promise<StandIn> {
  const i = await standIn();
  instances.push(i);
  return i;
}

const setCommand = (dir: string, i: StandIn) =>
  cli(dir, ['deploy', 'control', 'set', '1', '--command', HOOK, '--arg', i.dir, '--arg', String(i.port), '--verify-url', i.healthUrl]);

/** One data dir shared by the refusal cases: a refusal changes nothing. */
let refusals = '';

describe('deploy control from the CLI', () => {
  it('set a command, then start and pause move the real server; show lists each action with its tries', async () => {
    const dir = seeded();
    const i = await instance();
    const set = setCommand(dir, i);
    expect(set.code).toBe(0);
    expect(set.json).toMatchObject({ deploymentId: 1, control: { kind: 'command', command: HOOK, args: [i.dir, String(i.port)], verifyUrl: i.healthUrl } });
    expect(cli(dir, ['deploy', 'start', '1']).code).toBe(0);
    expect(await i.serving()).toBe(true);
    expect(cli(dir, ['deploy', 'pause', '1']).code).toBe(0);
    expect(await i.serving()).toBe(false);
    const shown = cli(dir, ['deploy', 'control', 'show', '1']).json as {
      history: { action: string; status: string; verify: string; tries: { detail: string }[] }[];
    };
    expect(shown.history.map((a) => `${a.action}:${a.status}:${a.verify}:${a.tries.map((t) => t.detail).join(',')}`)).toEqual([
      'pause:succeeded:ok:exit 0',
      'start:succeeded:ok:exit 0',
    ]);
    const human = runCli(['--data-dir', dir, '--now', T, 'deploy', 'control', 'show', '1']);
    expect(human.stdout).toContain(`Command: ${HOOK} ${i.dir} ${i.port} <action>`);
    expect(human.stdout).toMatch(/pause \(user\)\s+succeeded\s+1 try: exit 0\s+verify ok/);
  });

  it.each([
    ['a relative command', ['--command', 'hook.mjs']],
    ['both a command and a webhook', ['--command', HOOK, '--webhook', 'http://127.0.0.1:9/x', '--secret', SECRET]],
    ['--arg with a webhook', ['--webhook', 'http://127.0.0.1:9/x', '--secret', SECRET, '--arg', 'x']],
    ['a webhook without a secret', ['--webhook', 'http://127.0.0.1:9/x']],
    ['a secret that is not whsec_', ['--webhook', 'http://127.0.0.1:9/x', '--secret', 'hunter2']],
    ['a file: URL', ['--webhook', 'file:///etc/passwd', '--secret', SECRET]],
    ['a bad verify URL', ['--command', HOOK, '--verify-url', 'localhost:8000']],
    ['neither', []],
  ])('refuses %s with exit 2 and one line on stderr', (_name, args) => {
    refusals ||= seeded();
    const r = cli(refusals, ['deploy', 'control', 'set', '1', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('after those refusals and an unknown deployment (exit 2), nothing is stored', () => {
    refusals ||= seeded();
    expect(cli(refusals, ['deploy', 'control', 'set', '9', '--command', HOOK]).code).toBe(2);
    expect(cli(refusals, ['deploy', 'control', 'show', '9']).code).toBe(2);
    expect((cli(refusals, ['deploy', 'control', 'show', '1']).json as { control: unknown }).control).toBeNull();
  });

  it('a webhook secret read from stdin is kept, never shown, never in the hook or process arguments', () => {
    const dir = seeded();
    const r = spawnSync(
      process.execPath,
      [
        path.resolve('bin/burnrate.mjs'),
        '--data-dir',
        dir,
        '--now',
        T,
        '--json',
        'deploy',
        'control',
        'set',
        '1',
        '--webhook',
        'http://127.0.0.1:9/hook',
        '--secret',
        '-',
      ],
      {
        input: `${SECRET}\n`,
        encoding: 'utf8',
        env: { ...process.env, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '' },
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    expect(JSON.parse(r.stdout)).toMatchObject({ control: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', hasSecret: true } });
    for (const args of [['deploy', 'control', 'show', '1'], ['ledger'], ['status']]) {
      const out = cli(dir, args);
      expect(out.stdout + out.stderr).not.toContain(SECRET);
    }
    const human = runCli(['--data-dir', dir, 'deploy', 'control', 'show', '1']);
    expect(human.stdout).toContain('secret kept');
    expect(human.stdout).not.toContain(SECRET);
  });

  it('show never prints a token in a webhook or verify URL (query string hidden), set neither', () => {
    const dir = seeded();
    const set = cli(dir, [
      'deploy',
      'control',
      'set',
      '1',
      '--webhook',
      'https://ops.example.com/burnrate?token=s3cr3t',
      '--secret',
      SECRET,
      '--verify-url',
      'http://10.0.0.5:8000/health?key=s3cr3t',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain('s3cr3t');
    const json = cli(dir, ['deploy', 'control', 'show', '1']);
    expect(json.json).toMatchObject({ control: { url: 'https://ops.example.com/burnrate?…', verifyUrl: 'http://10.0.0.5:8000/health?…' } });
    const human = runCli(['--data-dir', dir, '--now', T, 'deploy', 'control', 'show', '1']);
    expect(human.stdout).toContain('Webhook: https://ops.example.com/burnrate?… (secret kept)');
    expect(human.stdout + json.stdout).not.toContain('s3cr3t');
  });

  it('test sends action "test" and changes nothing; a failing hook exits 1', async () => {
    const dir = seeded();
    const i = await instance();
    setCommand(dir, i);
    const ok = cli(dir, ['deploy', 'control', 'test', '1']);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, detail: 'exit 0', probe: 'not_serving' });
    expect(i.actions()).toEqual(['test']);
    i.setMode('fail');
    const failed = cli(dir, ['deploy', 'control', 'test', '1']);
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({ ok: false, detail: 'exit 3: the instance refused' });
    expect((cli(dir, ['deploy', 'control', 'show', '1']).json as { history: unknown[] }).history).toEqual([]);
    expect(cli(dir, ['deploy', 'control', 'test', '1'], {}).code).toBe(1);
  });

  it('show and set print the idle auto-pause limit that deploy idle set (null when off)', async () => {
    const dir = seeded();
    const i = await instance();
    expect((setCommand(dir, i).json as { idleAfterMinutes: unknown }).idleAfterMinutes).toBeNull();
    expect(cli(dir, ['deploy', 'idle', '1', '--after', '30']).code).toBe(0);
    expect((cli(dir, ['deploy', 'control', 'show', '1']).json as { idleAfterMinutes: unknown }).idleAfterMinutes).toBe(30);
    expect((setCommand(dir, i).json as { idleAfterMinutes: unknown }).idleAfterMinutes).toBe(30);
    expect(runCli(['--data-dir', dir, '--now', T, 'deploy', 'control', 'show', '1']).stdout).toContain('Idle auto-pause after 30 min without a request.');
    expect(cli(dir, ['deploy', 'idle', '1', '--off']).code).toBe(0);
    expect((cli(dir, ['deploy', 'control', 'show', '1']).json as { idleAfterMinutes: unknown }).idleAfterMinutes).toBeNull();
  });

  it('clear removes the control: later state changes run nothing', async () => {
    const dir = seeded();
    const i = await instance();
    setCommand(dir, i);
    expect(cli(dir, ['deploy', 'control', 'clear', '1']).json).toEqual({ deploymentId: 1, removed: true });
    expect(cli(dir, ['deploy', 'start', '1']).code).toBe(0);
    expect(i.calls()).toEqual([]);
    expect(cli(dir, ['deploy', 'control', 'clear', '1']).json).toEqual({ deploymentId: 1, removed: false });
  });

  it('a crash between the state change and the action: the owed action is sent after restart, once', async () => {
    const dir = seeded();
    const i = await instance();
    setCommand(dir, i);
    expect(cli(dir, ['deploy', 'start', '1']).code).toBe(0);
    expect(await i.serving()).toBe(true);
    const crashed = cli(dir, ['deploy', 'pause', '1'], { BURNRATE_CRASH_AT: 'act-after-commit' });
    expect(crashed.code).not.toBe(0);
    expect(i.actions()).toEqual(['start']);
    expect(await i.serving()).toBe(true);
    expect(cli(dir, ['status']).code).toBe(0);
    expect(i.actions()).toEqual(['start', 'pause']);
    expect(await i.serving()).toBe(false);
    expect(cli(dir, ['tick']).code).toBe(0);
    expect(i.actions()).toEqual(['start', 'pause']);
  });

  it('a crash after the hook ran but before its outcome was recorded sends it again with the same key', async () => {
    const dir = seeded();
    const i = await instance();
    setCommand(dir, i);
    expect(cli(dir, ['deploy', 'start', '1'], { BURNRATE_CRASH_AT: 'control-after-send' }).code).not.toBe(0);
    expect(cli(dir, ['status']).code).toBe(0);
    const keys = i.calls().map((c) => c.env.BURNRATE_ACTION_KEY);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    const shown = cli(dir, ['deploy', 'control', 'show', '1']).json as { history: { status: string; tries: { outcome: string; detail: string }[] }[] };
    expect(shown.history[0]).toMatchObject({
      status: 'succeeded',
      tries: [{ outcome: 'failed', detail: 'interrupted: the process sending it ended' }, { outcome: 'ok' }],
    });
  });
});
