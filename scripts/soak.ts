// `npm run soak -- --seeds N [--from K] [--days D]` runs N seeded months;
// `npm run soak -- --seed S` replays one. Every failure prints its seed.
import { simulate } from '../test/reliability/soak/simulate.js';
import { closeSharedReceiver } from '../test/reliability/control-receiver.js';
import { scriptOptions } from './script-options.js';

async function main(): Promise<void> {
  const opts = scriptOptions('soak', ['seed', 'seeds', 'from', 'days', 'payments']);
  if (!opts) return; // --help
  const one = opts.seed;
  const days = opts.days ?? 30;
  const from = one ?? opts.from ?? 1;
  const count = one !== undefined ? 1 : (opts.seeds ?? 100);
  // --payments N: every Nth seed also buys, refills and meets sandbox faults (default 10; 0 turns it off).
  const payEvery = opts.payments ?? 10;
  const withPayments = payEvery > 0;
  const t0 = performance.now();
  let failed = 0;
  let charges = 0;
  let ops = 0;
  let actions = 0;
  for (let seed = from; seed < from + count; seed++) {
    const r = await simulate(seed, { days, payments: withPayments && seed % payEvery === 0 });
    charges += r.charges;
    ops += r.ops;
    actions += r.controlActions;
    if (r.violations.length > 0) {
      failed++;
      console.error(
        `seed ${seed} FAILED (replay: npm run soak -- --seed ${seed})\n  ${r.violations.join('\n  ')}\n  last operations:\n    ${r.trail.join('\n    ')}`,
      );
    }
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `soak: ${count} seed(s) × ${days} days, ${ops.toLocaleString('en-US')} operations, ${charges.toLocaleString('en-US')} charges, ${actions.toLocaleString('en-US')} control actions, ${failed} failed, ${s} s`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
  await closeSharedReceiver();
}

await main();
