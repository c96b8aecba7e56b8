// `npm run crash-sweep [-- --kills 25 --random 500 --days 30 --points a,b]`:
// kills the engine at every named crash point (and at random moments) during
// a simulated month, restarts it, and checks the invariants after each campaign.
import fs from 'node:fs';
import { ENGINE_CRASH_POINTS } from '../main/core/crash-points.js';
import { CONTROL_CRASH_POINTS } from '../main/core/control/control-outbox.js';
import { closeSharedReceiver } from '../test/reliability/control-receiver.js';
import { campaign, type CampaignResult } from '../test/reliability/crash/sweep.js';
import { Prng } from '../test/reliability/soak/prng.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const kills = arg('--kills', 25);
  const random = arg('--random', 500);
  const days = arg('--days', 30);
  const i = process.argv.indexOf('--points');
  const points = i >= 0 ? process.argv[i + 1]!.split(',') : [...ENGINE_CRASH_POINTS, ...CONTROL_CRASH_POINTS];
  const rnd = new Prng(arg('--seed', 6));
  const t0 = performance.now();
  const results: CampaignResult[] = [];
  const report = (r: CampaignResult) => {
    results.push(r);
    console.log(
      `${r.violations.length ? 'FAIL' : 'ok  '} ${r.label}: ${r.kills} kill(s), ${r.restarts} run(s)${r.violations.length ? `\n  ${r.violations.join('\n  ')}\n  data kept in ${r.dir}` : ''}`,
    );
    if (!r.violations.length) fs.rmSync(r.dir, { recursive: true, force: true });
  };
  // A point the month passes rarely (a refill's Stripe call) needs more than one month for its kills.
  const sweep = async (point: string | null, base: number, want: number) => {
    // Random kills land 2–4 times in a month (a month runs in ~3 s), so they get as many months as they need.
    for (let landed = 0, m = 0; landed < want && m < (point ? 12 : 1000); m++) {
      const r = await campaign(base + m, days, want - landed, point, rnd);
      report(r);
      landed += r.kills;
    }
  };
  for (const [n, point] of points.entries()) await sweep(point, 100 + n * 20, kills);
  await sweep(null, 1000, random);
  const failed = results.filter((r) => r.violations.length > 0).length;
  const totalKills = results.reduce((a, r) => a + r.kills, 0);
  console.log(
    `crash sweep: ${points.length} named points, ${totalKills} kills in ${results.length} campaigns, ${failed} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exitCode = failed ? 1 : 0;
  await closeSharedReceiver();
}

await main();
