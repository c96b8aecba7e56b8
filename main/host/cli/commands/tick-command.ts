import type { Command } from 'commander';
import { iso } from '../../../core/calendar.js';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** `tick`: settle everything due and report it. */
export function registerTick(program: Command): void {
  program
    .command('tick')
    .description('settle every charge due up to now (catch-up after sleep or downtime)')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.engine.settle();
        const out = {
          charged: r.charged.map((c) => ({ deploymentId: c.deploymentId, hourStart: iso(c.hourStart), credits: c.credits })),
          chargedCredits: r.chargedCredits,
          paused: r.paused.map((p) => ({ deploymentId: p.deploymentId, at: iso(p.at), reason: p.reason })),
          resumed: r.resumed.map((p) => ({ deploymentId: p.deploymentId, at: iso(p.at), reason: p.reason })),
          waitingForRefill: r.waitingForRefill,
          balance: ctx.engine.ledger.balance(),
        };
        ctx.print(out, () =>
          [
            `Charged ${out.charged.length} hour(s): ${formatCredits(out.chargedCredits)}.`,
            ...out.paused.map((p) => `Paused deployment ${p.deploymentId} at ${p.at} (${p.reason}).`),
            ...out.resumed.map((p) => `Resumed deployment ${p.deploymentId} at ${p.at} (${p.reason}).`),
            `Balance ${formatCredits(out.balance)}.`,
          ].join('\n'),
        );
      }),
    );
}
