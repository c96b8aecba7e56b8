import fs from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openServices } from '../../main/compose/local-services.js';
import { fixedClock } from '../../main/core/clock.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/engine-fixture.js';
import { HOOK, standIn, type StandIn } from '../core/control/control-fixture.js';
import { controlLivenessViolations } from './control-liveness.js';

vi.setConfig({ testTimeout: 300_000 });

const T = '2026-03-02T09:00:00Z';
const made: string[] = [];
const instances: StandIn[] = [];
afterAll(() => {
  for (const i of instances) i.cleanup();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const cli = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--data-dir', dir, '--now', T, '--json', ...args], env);

describe('crash sweep over a controlled deployment: killed anywhere around a pause, the restart ends it in one action or an alert', () => {
  it.each([['act-in-transaction'], ['transition-before-event'], ['act-after-commit'], ['control-after-claim'], ['control-after-send']])(
    'killed at %s',
    async (point) => {
      const dir = tempDir();
      made.push(dir);
      const i = await standIn();
      instances.push(i);
      cli(dir, ['coupon', 'create', 'SEED', '--credits', '10000']);
      cli(dir, ['coupon', 'redeem', 'SEED']);
      cli(dir, ['deploy', 'create', '--name', 'chat-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L']);
      expect(cli(dir, ['deploy', 'control', 'set', '1', '--command', HOOK, '--arg', i.dir, '--arg', String(i.port), '--verify-url', i.healthUrl]).code).toBe(0);
      expect(cli(dir, ['deploy', 'start', '1']).code).toBe(0);
      expect(cli(dir, ['deploy', 'pause', '1'], { BURNRATE_CRASH_AT: point }).code).not.toBe(0);
      expect(cli(dir, ['tick']).code).toBe(0);
      const s = await openServices({ dataDir: dir, clock: fixedClock(new Date(T)), resolvePendingPayments: false });
      try {
        await s.control.outbox.idle();
        expect(controlLivenessViolations(s.engine.db)).toEqual([]);
        const paused = s.engine.deployments.get(1).state === 'paused';
        // The instance follows Burnrate's state; a pause is sent at most twice (a crash after the hook ran), with one key.
        expect(await i.serving()).toBe(!paused);
        const pauses = i.calls().filter((c) => c.env.BURNRATE_ACTION === 'pause');
        expect(pauses.length).toBeLessThanOrEqual(point === 'control-after-send' ? 2 : 1);
        expect(new Set(pauses.map((c) => c.env.BURNRATE_ACTION_KEY)).size).toBeLessThanOrEqual(1);
        if (paused) expect(pauses.length).toBeGreaterThanOrEqual(1);
      } finally {
        await s.close();
      }
    },
  );
});
