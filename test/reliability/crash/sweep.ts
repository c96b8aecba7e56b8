import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInvariants } from '../invariants.js';
import { checkLiveness, readLiveness } from '../liveness.js';
import type { Prng } from '../soak/prng.js';
import { controlLivenessViolations } from '../control-liveness.js';
import { deliveryViolations, hookCalls, sharedReceiver } from '../control-receiver.js';
import { scenario } from './scenario.js';
import { childArgs } from '../../support/child-bundles.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** How one child run ended. */
export type RunEnd = 'done' | 'killed' | { failed: string };

/** How a campaign kills from outside: after a random delay (the full sweep), or after a random number of finished steps (independent of machine speed). */
export type OutsideKill = 'timer' | 'steps';

/**
 * Runs the engine child once; `crashAt` arms a crash point, `killAfterMs` a
 * SIGKILL from outside after a delay, `killAfterSteps` one as soon as the
 * child reports that many finished steps (it lands somewhere in what follows).
 */
export function runChild(
  dir: string,
  seed: number,
  days: number,
  webhookUrl: string,
  opts: { crashAt?: string; killAfterMs?: number; killAfterSteps?: number } = {},
): Promise<RunEnd> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...childArgs('crash-child'), dir, String(seed), String(days), webhookUrl], {
      cwd: ROOT,
      env: { ...process.env, BURNRATE_CRASH_AT: opts.crashAt ?? '', STRIPE_SECRET_KEY: '', BURNRATE_STRIPE_API: '' },
      stdio: ['ignore', opts.killAfterSteps !== undefined ? 'pipe' : 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    let steps = 0;
    child.stdout?.on('data', (b: Buffer) => {
      steps += (b.toString().match(/^step \d+$/gm) ?? []).length;
      if (steps >= opts.killAfterSteps!) child.kill('SIGKILL');
    });
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : null;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else resolve({ failed: stderr.trim().split('\n').slice(-15).join('\n') || `exit ${code}` });
    });
  });
}

/** The result of one crash campaign on one data folder. */
export interface CampaignResult {
  label: string;
  kills: number;
  restarts: number;
  /** Deployment-control actions the month owed. */
  controlActions: number;
  violations: string[];
  dir: string;
}

/**
 * Runs one scenario to the end on a fresh folder, killing the engine up to
 * `kills` times (at `point`, on a random hit of it; or, with no point, by an
 * outside SIGKILL after a random delay) and restarting it each time, then
 * checks the invariants on what is left.
 */
export async function campaign(
  seed: number,
  days: number,
  kills: number,
  point: string | null,
  rnd: Prng,
  outside: OutsideKill = 'timer',
): Promise<CampaignResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-crash-'));
  const label = `${point ?? 'random SIGKILL'} (seed ${seed})`;
  // The webhook-controlled deployments post to the run's receiver: by the action's event number, the first
  // try of every 3rd answers 500 and every 11th always does (the same answers whatever the kills).
  const route = (await sharedReceiver()).route((id, n) => {
    const event = Number(id.split('_').pop());
    return event % 11 === 0 || (n === 1 && event % 3 === 0) ? 500 : 204;
  });
  let landed = 0;
  let restarts = 0;
  for (;;) {
    const armed = landed < kills;
    const kill = point
      ? { crashAt: `${point}@${rnd.int(1, 3)}` }
      : outside === 'timer'
        ? { killAfterMs: rnd.int(150, 2500) }
        : { killAfterSteps: rnd.int(1, 3) };
    const end = await runChild(dir, seed, days, route.url, armed ? kill : {});
    restarts++;
    if (end === 'killed') landed++;
    else if (end === 'done') break;
    else return { label, kills: landed, restarts, controlActions: 0, violations: [`engine failed after ${landed} kill(s): ${end.failed}`], dir };
    if (restarts > kills * 3 + 10) return { label, kills: landed, restarts, controlActions: 0, violations: ['the scenario never finished'], dir };
  }
  const steps = scenario(seed, days);
  const db = new Database(path.join(dir, 'burnrate.db'));
  try {
    const last = steps[steps.length - 1]!.at;
    const violations = checkInvariants(db, { settledTo: last, sandboxDbFile: path.join(dir, 'stripe-sandbox.db'), lowBalanceThresholds: [500] });
    // Liveness after the month (the scenario pays with a chargeable card on the app's own sandbox, no faults).
    violations.push(
      ...checkLiveness(
        readLiveness(db, last, { previousSettleAt: steps.length > 1 ? steps[steps.length - 2]!.at : null, cardChargeable: true, sandboxUp: true }),
      ),
    );
    // Every state change of a controlled deployment ended in one action that succeeded, failed with its alert,
    // or is still being retried (a next try after the last step); and what succeeded really arrived.
    violations.push(
      ...[
        ...controlLivenessViolations(db, { now: last }),
        ...deliveryViolations(db, { deliveries: route.deliveries, hookKeys: hookCalls(path.join(dir, 'hook')) }, false),
      ].map((v) => `control: ${v}`),
    );
    const controlActions = db.prepare('SELECT COUNT(*) FROM control_actions').pluck().get() as number;
    return { label, kills: landed, restarts, controlActions, violations, dir };
  } finally {
    db.close();
    route.close();
  }
}
