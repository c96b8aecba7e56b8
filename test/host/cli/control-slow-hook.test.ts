import fs from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { tempDir } from '../../support/engine-fixture.js';
import { HOOK, standIn, type StandIn } from '../../core/control/control-fixture.js';
import path from 'node:path';
import { fixedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';

vi.setConfig({ testTimeout: 300_000 });

const T = '2026-03-02T09:00:00Z';
const made: string[] = [];
const instances: StandIn[] = [];
afterAll(() => {
  for (const i of instances) i.cleanup();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const cli = (dir: string, args: string[]) => runCli(['--data-dir', dir, '--now', T, '--json', ...args]);

interface Shown {
  history: { action: string; status: string; attempts: number; tries: { n: number; outcome: string | null; detail: string }[] }[];
}
const history = (dir: string) => (cli(dir, ['deploy', 'control', 'show', '1']).json as Shown).history;

/** Waits for a condition that a process outside the test brings about (no time is asserted: the limit only reports a hang). */
async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`never happened: ${what}`);
}

/** A data folder with credits and deployment 1 controlled by the stand-in's hook, which waits for release(). */
async function slowHooked(): Promise<{ dir: string; i: StandIn }> {
  const dir = tempDir();
  made.push(dir);
  const i = await standIn();
  instances.push(i);
  expect(cli(dir, ['coupon', 'create', 'SEED', '--credits', '10000']).code).toBe(0);
  expect(cli(dir, ['coupon', 'redeem', 'SEED']).code).toBe(0);
  expect(cli(dir, ['deploy', 'create', '--name', 'chat-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L']).code).toBe(0);
  expect(cli(dir, ['deploy', 'control', 'set', '1', '--command', HOOK, '--arg', i.dir, '--arg', String(i.port)]).code).toBe(0);
  i.setMode('wait');
  return { dir, i };
}

describe('a slow control hook does not hold up a CLI command, and still runs once', () => {
  it('the app (or web host) opening the folder next records what the runner left: the hook is not run again', async () => {
    const { dir, i } = await slowHooked();
    expect(cli(dir, ['deploy', 'start', '1']).code).toBe(0);
    i.release();
    const runs = path.join(dir, 'control-runs');
    await until('the runner left its outcome', () => fs.existsSync(runs) && fs.readdirSync(runs).some((f) => f.endsWith('.json')));
    const s = await openServices({ dataDir: dir, clock: fixedClock(new Date(T)), resolvePendingPayments: false });
    try {
      await s.control.outbox.idle();
      expect(s.control.view(1).history).toMatchObject([{ action: 'start', status: 'succeeded', attempts: 1, tries: [{ outcome: 'ok', detail: 'exit 0' }] }]);
    } finally {
      await s.close();
    }
    expect(i.actions()).toEqual(['start']);
    expect(fs.readdirSync(runs)).toEqual([]);
  });

  it('the command returns while the hook works; the next command records its outcome; nothing sends it again', async () => {
    const dir = tempDir();
    made.push(dir);
    const i = await standIn();
    instances.push(i);
    expect(cli(dir, ['coupon', 'create', 'SEED', '--credits', '10000']).code).toBe(0);
    expect(cli(dir, ['coupon', 'redeem', 'SEED']).code).toBe(0);
    expect(cli(dir, ['deploy', 'create', '--name', 'chat-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L']).code).toBe(0);
    expect(cli(dir, ['deploy', 'control', 'set', '1', '--command', HOOK, '--arg', i.dir, '--arg', String(i.port), '--verify-url', i.healthUrl]).code).toBe(0);
    // The hook takes as long as it takes (like a minute's `sky stop`): it waits for release(), which comes only after the command returned.
    i.setMode('wait');
    const start = cli(dir, ['deploy', 'start', '1']);
    expect(start.code).toBe(0);
    expect(start.json).toMatchObject({ state: 'running' });
    // Another process (show) sees the try claimed by the hook's runner, and leaves it to it: still one call.
    expect(history(dir)).toMatchObject([{ action: 'start', status: 'sending', attempts: 1, tries: [{ n: 1, outcome: null }] }]);
    expect(i.actions()).toEqual(['start']);
    i.release();
    await until('the hook started the stand-in server', () => i.serving());
    // The first command to open the folder after the runner ended records the hook's outcome.
    await until('the start is recorded as done', () => history(dir)[0]!.status === 'succeeded');
    expect(history(dir)).toMatchObject([{ action: 'start', status: 'succeeded', attempts: 1, tries: [{ n: 1, outcome: 'ok', detail: 'exit 0' }] }]);
    expect(i.actions()).toEqual(['start']);
    // A hook that answers at once is still waited for, as before.
    i.setMode('ok');
    expect(cli(dir, ['deploy', 'pause', '1']).code).toBe(0);
    expect(await i.serving()).toBe(false);
    expect(history(dir)[0]).toMatchObject({ action: 'pause', status: 'succeeded', tries: [{ outcome: 'ok' }] });
    expect(i.actions()).toEqual(['start', 'pause']);
  });
});
