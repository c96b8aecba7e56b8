import type { Command } from 'commander';
import { catchUpRefusal } from '../../../core/billing/catch-up-guard.js';
import { iso } from '../../../core/calendar.js';
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
        const { confirmed, report: r } = opts.confirmCatchUp ? await ctx.engine.confirmCatchUp() : { confirmed: null, report: await ctx.engine.settle() };
        // Nothing was charged; the alert asking for confirmation is in the list.
        if (r.catchUpHeld) throw catchUpRefusal(r.catchUpHeld);
        const out = {
          charged: r.charged.map((c) => ({ deploymentId: c.deploymentId, hourStart: iso(c.hourStart), credits: c.credits })),
          chargedCredits: r.chargedCredits,
          paused: r.paused.map((p) => ({ deploymentId: p.deploymentId, at: iso(p.at), reason: p.reason })),
          resumed: r.resumed.map((p) => ({ deploymentId: p.deploymentId, at: iso(p.at), reason: p.reason })),
          waitingForRefill: r.waitingForRefill,
          balance: ctx.engine.ledger.balance(),
          ...(opts.confirmCatchUp
            ? {
                confirmedCatchUp: confirmed && {
                  from: iso(confirmed.from),
                  to: iso(confirmed.to),
                  days: confirmed.days,
                  estimatedCredits: confirmed.estimatedCredits,
                },
              }
            : {}),
        };
        ctx.print(out, () =>
          [
            ...(confirmed ? [`Confirmed the ${confirmed.days}-day catch-up from ${iso(confirmed.from)}.`] : []),
            `Charged ${out.charged.length} hour(s): ${formatCredits(out.chargedCredits)}.`,
            ...out.paused.map((p) => `Paused deployment ${p.deploymentId} at ${p.at} (${p.reason}).`),
            ...out.resumed.map((p) => `Resumed deployment ${p.deploymentId} at ${p.at} (${p.reason}).`),
            `Balance ${formatCredits(out.balance)}.`,
          ].join('\n'),
        );
      }),
    );
}
