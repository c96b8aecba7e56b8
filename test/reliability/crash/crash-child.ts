// The engine under the crash sweep: runs the scenario's steps from where the
// last (possibly killed) run stopped, recording progress after each step.
// argv: <dataDir> <seed> <days> <webhookUrl>. Exit 0 when the month is done.
// Deployments 1 and 3 are controlled by the POSIX sh hook (its `rules` mode),
// 2 and 4 by a webhook to the sweep's receiver, 5 by nothing.
import fs from 'node:fs';
import path from 'node:path';
import { SimulatedClock } from '../../../main/core/clock.js';
import { isRefused } from '../../../main/core/errors.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { RECEIVER_SECRET, SWEEP_HOOK } from '../control-receiver.js';
import { DEPLOYMENTS, SCENARIO_START, scenario, type Step } from './scenario.js';

const [dataDir, seedText, daysText, webhookUrl] = process.argv.slice(2) as [string, string, string, string];
const hookDir = path.join(dataDir, 'hook');
const steps = scenario(Number(seedText), Number(daysText));
const progressFile = path.join(dataDir, 'progress.json');
const next = fs.existsSync(progressFile) ? (JSON.parse(fs.readFileSync(progressFile, 'utf8')) as { next: number }).next : 0;

function saveProgress(n: number): void {
  fs.writeFileSync(`${progressFile}.tmp`, JSON.stringify({ next: n }));
  fs.renameSync(`${progressFile}.tmp`, progressFile);
}

/** Deployments, coupons, a card, a first purchase and auto-refill; each part skipped once done. */
async function setup(svc: Services): Promise<void> {
  const e = svc.engine;
  if (svc.payments.savedCards().length === 0) await svc.payments.addCard('pm_card_visa');
  for (let i = e.deployments.list().length; i < DEPLOYMENTS; i++) {
    await e.createDeployment({ name: `gpu-${i + 1}`, model: 'llama-3-70b', paramsB: 70, precision: 'awq', tier: ['S', 'M', 'L'][i % 3]! });
  }
  // Controls are set before a deployment's first state change (the steps start them), each once.
  fs.mkdirSync(hookDir, { recursive: true });
  fs.writeFileSync(path.join(hookDir, 'mode'), 'rules');
  for (const id of [1, 2, 3, 4]) {
    if (svc.control.view(id, 0).control) continue;
    await svc.control.set(
      id,
      id % 2 === 1 ? { kind: 'command', command: SWEEP_HOOK, args: [hookDir] } : { kind: 'webhook', url: webhookUrl, secret: RECEIVER_SECRET },
    );
  }
  for (let i = e.coupons.list().length; i < 6; i++) await e.createCoupon({ code: `CRASH${i}`, credits: 1_000 * (i + 1) });
  if (e.ledger.balance() === 0) await svc.payments.buy({ pack: '50' });
  if (next === 0 && !svc.payments.refillView().enabled) await svc.payments.setRefill({ thresholdCredits: 2_000, amountCredits: 10_000, maxPerDay: 3 });
}

async function run(svc: Services, s: Step): Promise<void> {
  const e = svc.engine;
  const id = s.dep ?? 1;
  switch (s.action) {
    case 'tick':
      await e.settle();
      return;
    case 'start':
      await e.startDeployment(id);
      return;
    case 'pause':
      await e.pauseDeployment(id);
      return;
    case 'resume':
      await e.resumeDeployment(id);
      return;
    case 'buy':
      await svc.payments.buy({ pack: s.arg ?? '5' });
      return;
    case 'coupon':
      await e.redeemCoupon(s.arg ?? 'CRASH0');
      return;
    case 'sync':
      await svc.payments.sync();
      return;
    case 'refillOff':
      await svc.payments.refillOff();
      return;
    case 'refillOn':
      await svc.payments.setRefill({ thresholdCredits: 2_000, amountCredits: 10_000, maxPerDay: 3 });
      return;
  }
}

// A restart comes after the kill, never before it: the clock starts at the step that was cut off
// (entries it wrote carry its time), as a real machine's clock would have moved on.
const clock = new SimulatedClock(next === 0 ? SCENARIO_START : steps[Math.min(next, steps.length - 1)]!.at);
// A hook that hangs is killed after 1 s (the rules make the first try of every 13th action hang).
const svc = await openServices({
  dataDir,
  clock,
  env: { BURNRATE_CRASH_AT: process.env.BURNRATE_CRASH_AT, BURNRATE_CONTROL_TIMEOUT_MS: '1000', PATH: process.env.PATH },
  controlVerifyWaitMs: 0,
});
try {
  await setup(svc);
  for (let i = next; i < steps.length; i++) {
    clock.set(steps[i]!.at);
    try {
      await run(svc, steps[i]!);
    } catch (err) {
      if (!isRefused(err) && !(err instanceof Error && err.name === 'PaymentPendingError')) throw err;
    }
    saveProgress(i + 1);
    // The sweep's step-counted outside kill listens for these (stdout is otherwise unused).
    process.stdout.write(`step ${i + 1}\n`);
  }
} finally {
  await svc.close();
}
