import type { Command } from 'commander';
import { basicStatus } from '../../../core/engine-status.js';
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
        await ctx.engine.settle();
        const s = basicStatus(ctx.engine);
        ctx.print(s, () =>
          [
            `Balance:      ${formatCredits(s.balance)}`,
            `This month:   ${formatCredits(s.monthSpend)}`,
            `Running:      ${s.running}${s.pausedForCredits ? ` (${s.pausedForCredits} paused for credits — add credits to resume)` : ''}`,
          ].join('\n'),
        );
      }),
    );
}
