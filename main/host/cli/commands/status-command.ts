import type { Command } from 'commander';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** `status`: balance, this month's spend and what is running. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('settle what is due, then show balance, month spend and running deployments')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const s = await ctx.door.call('billing/status', {});
        const runway = s.runway;
        ctx.print(s, () =>
          [
            `Balance:      ${formatCredits(s.balance)}`,
            `This month:   ${formatCredits(s.monthSpend)} (projected ${formatCredits(s.projectedMonth)})`,
            `Burn:         ${formatCredits(s.burnPerHour)} per hour`,
            `Runway:       ${runway ? `${runway.hours} h — ${runway.firstToPause.name} pauses first, ${runway.at}` : s.running ? 'more than 90 days' : 'nothing running'}`,
            `Running:      ${s.running}${s.pausedForCredits ? ` (${s.pausedForCredits} paused for credits — add credits to resume)` : ''}`,
          ].join('\n'),
        );
      }),
    );
}
