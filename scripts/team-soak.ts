// `npm run team-soak [-- --seed S] [--days D] [--kills K] [--clients N]`: the team server's month
// (test/reliability/team/team-month.ts): two `burnrate server` processes on one PostgreSQL, 8 clients,
// kill -9 of either server at random moments, one PostgreSQL restart, then every check. Prints the seed to replay.
import { runTeamMonth } from '../test/reliability/team/team-month.js';
import { scriptOptions } from './script-options.js';

async function main(): Promise<void> {
  const opts = scriptOptions('team-soak', ['seed', 'days', 'clients', 'kills']);
  if (!opts) return; // --help
  const seed = opts.seed ?? Math.floor(Math.random() * 1_000_000);
  const days = opts.days ?? 30;
  const t0 = performance.now();
  const r = await runTeamMonth({
    seed,
    days,
    clients: opts.clients ?? 8,
    kills: opts.kills ?? 12,
    restartPostgres: true,
    log: (line) => process.stderr.write(`team-soak: ${line}\n`),
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const summary = `seed ${r.seed}: ${r.days} days, ${r.rounds} rounds, ${r.ops} operations (${r.calls} calls, ${r.retries} retried after a lost outcome), ${r.kills} servers killed, PostgreSQL restarted ${r.postgresRestarts}×, ${r.charges} charges, ${r.purchases} card purchases, ${r.refills} auto-refills, ${s} s`;
  if (r.violations.length > 0) {
    console.error(`${summary}\nFAILED (replay: npm run team-soak -- --seed ${r.seed} --days ${r.days})\n  ${r.violations.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `${summary}: every hour charged once, balance = sum of entries, every acknowledged action kept, nothing doubled, every payment credited once, refills when allowed`,
  );
}

await main();
