import type { Command } from 'commander';
import type { Analysis } from '../../../../preload/contract.js';
import { ANALYSIS_DAYS } from '../../../core/insights/analysis.js';
import { formatCredits } from '../../../core/money.js';
import { RefusedError } from '../../../core/errors.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** The analysis as the CLI prints it (its JSON shape predates the contract's): days by date with spend per deployment id. */
function analysisJson(a: Analysis) {
  return {
    periodDays: a.days,
    from: a.from,
    to: a.to,
    days: a.daily.map((d) => ({
      date: d.date,
      total: d.total,
      byDeployment: Object.fromEntries(d.byDeployment.map((b) => [String(b.deploymentId), b.credits])) as Record<string, number>,
    })),
    total: a.total,
    previousTotal: a.previousTotal,
    changePct: a.changePct,
    averagePerDay: a.averagePerDay,
    top: a.top ?? [],
    topHours: a.topHours,
  };
}

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
        const a = analysisJson(await ctx.door.call('insights/analysis', { days: days as (typeof ANALYSIS_DAYS)[number] }));
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
