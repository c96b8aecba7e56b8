import type { Command } from 'commander';
import type { CatchUpReply, TickReply } from '../../../../preload/contract.js';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** `tick`: settle everything due and report it. */
export function registerTick(program: Command): void {
  program
    .command('tick')
    .description('settle every charge due up to now (catch-up after sleep or downtime)')
    .option('--confirm-catch-up', 'charge a catch-up longer than 90 days (a clock that jumped): check the time first')
    .action((opts: { confirmCatchUp?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        // The same confirmation the alert's button sends; a held catch-up is refused (nothing charged, the alert asks).
        const r: TickReply & Partial<CatchUpReply> = opts.confirmCatchUp
          ? await ctx.door.call('alerts/confirmCatchUp', {})
          : await ctx.door.call('billing/tick', {});
        const confirmed = r.confirmed ?? null;
        const out = {
          charged: r.charged,
          chargedCredits: r.chargedCredits,
          paused: r.paused,
          resumed: r.resumed,
          waitingForRefill: r.waitingForRefill,
          balance: r.balance,
          ...(opts.confirmCatchUp ? { confirmedCatchUp: confirmed } : {}),
        };
        ctx.print(out, () =>
          [
            ...(confirmed ? [`Confirmed the ${confirmed.days}-day catch-up from ${confirmed.from}.`] : []),
            `Charged ${out.charged.length} hour(s): ${formatCredits(out.chargedCredits)}.`,
            ...out.paused.map((p) => `Paused deployment ${p.deploymentId} at ${p.at} (${p.reason}).`),
            ...out.resumed.map((p) => `Resumed deployment ${p.deploymentId} at ${p.at} (${p.reason}).`),
            `Balance ${formatCredits(out.balance)}.`,
          ].join('\n'),
        );
      }),
    );
}
