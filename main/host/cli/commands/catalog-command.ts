import type { Command } from 'commander';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

/** `catalog list|set-price`: the editable instance catalog. */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('instance tiers and their hourly prices');

  catalog
    .command('list')
    .description('list instance tiers with the price in force now')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const tiers = await ctx.door.call('catalog/tiers', {});
        ctx.print(tiers, () =>
          tiers.map((t) => `${t.code.padEnd(3)} ${t.name.padEnd(8)} ${String(t.memoryGb).padStart(4)} GB  ${formatCredits(t.creditsPerHour)}/h`).join('\n'),
        );
      }),
    );

  catalog
    .command('set-price <tier>')
    .description("set a tier's hourly price from now on (hours already due keep their price); creates the tier with --name and --memory-gb")
    .requiredOption('--credits <n>', 'credits per hour')
    .option('--name <name>', 'display name of a new tier')
    .option('--memory-gb <gb>', 'GPU memory of a new tier')
    .action((tier: string, opts: { credits: string; name?: string; memoryGb?: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const credits = parseWhole(opts.credits, '--credits', 1, 10_000_000);
        const create = opts.name && opts.memoryGb ? { name: opts.name, memoryGb: parseWhole(opts.memoryGb, '--memory-gb', 1, 100_000) } : {};
        const t = await ctx.door.call('catalog/setPrice', { tier, credits, ...create });
        ctx.print(t, () => `${t.name} now costs ${formatCredits(t.creditsPerHour)} an hour.`);
      }),
    );
}
