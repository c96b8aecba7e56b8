import { type Command, Option } from 'commander';
import { ENTRY_KINDS, type EntryKind } from '../../../core/ledger/entry-types.js';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseId, parseInstant, parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

interface LedgerOpts {
  kind?: EntryKind[];
  from?: string;
  to?: string;
  deployment?: string;
  limit?: string;
}

/** `ledger`: the entries, oldest first. */
export function registerLedger(program: Command): void {
  program
    .command('ledger')
    .description('list ledger entries, oldest first')
    .addOption(new Option('--kind <kind...>', 'only these kinds').choices([...ENTRY_KINDS]))
    .option('--from <date>', 'from this instant (inclusive)')
    .option('--to <date>', 'up to this instant (exclusive)')
    .option('--deployment <id>', 'only this deployment')
    .option('--limit <n>', 'at most n entries')
    .action((opts: LedgerOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const rows = await ctx.door.call('ledger/list', {
          kinds: opts.kind ? [...new Set(opts.kind)] : undefined,
          from: opts.from ? parseInstant(opts.from, '--from').toISOString() : undefined,
          to: opts.to ? parseInstant(opts.to, '--to').toISOString() : undefined,
          deploymentId: opts.deployment ? parseId(opts.deployment) : undefined,
          limit: opts.limit ? parseWhole(opts.limit, '--limit', 0) : undefined,
        });
        ctx.print(rows, () =>
          rows.length === 0
            ? 'The ledger is empty.'
            : rows
                .map((r) => `${r.at}  ${r.kind.padEnd(10)} ${String(r.credits).padStart(8)}  → ${formatCredits(r.balanceAfter)}  ${r.description}`)
                .join('\n'),
        );
      }),
    );
}
