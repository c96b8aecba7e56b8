import type { Command } from 'commander';
import { ANALYSIS_DAYS } from '../../../core/insights/analysis.js';
import { formatCredits } from '../../../core/money.js';
import { RefusedError } from '../../../core/errors.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** `analysis --days 7|14|30`: daily spend by deployment, totals, change and the most expensive items. */
export function registerAnalysis(program: Command): void {
  program
    .command('analysis')
    .description('cost analysis over the last 7, 14 or 30 local days (today so far included)')
    .option('--days <n>', 'period length: 7, 14 or 30', '7')
    .action((opts: { days: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const days = Number(opts.days.trim());
        if (!(ANALYSIS_DAYS as readonly number[]).includes(days) || !/^\d+$/.test(opts.days.trim())) {
          throw new RefusedError('invalid_days', `--days must be 7, 14 or 30, got '${opts.days}'`);
        }
        await ctx.engine.settle();
        const a = ctx.services.insights.analysis(days);
        ctx.print(a, () =>
          [
            `Last ${days} days: ${formatCredits(a.total)}${a.changePct === null ? '' : ` (${a.changePct >= 0 ? '+' : ''}${a.changePct} % vs the ${days} days before: ${formatCredits(a.previousTotal)})`}`,
            ...a.days.map((d) => `  ${d.date}  ${String(d.total).padStart(8)}`),
            a.top.length ? 'Most expensive:' : 'Nothing was charged in this period.',
            ...a.top
              .slice(0, 5)
              .map(
                (t) =>
                  `  ${t.name.padEnd(24)} ${formatCredits(t.credits)}  ${t.share} %${t.costPer1kRequests === null ? '' : `  ${t.costPer1kRequests} credits / 1,000 requests`}`,
              ),
          ].join('\n'),
        );
      }),
    );
}
