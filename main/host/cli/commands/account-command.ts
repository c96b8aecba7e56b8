import type { Command } from 'commander';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** `account set-email|show`: the email Stripe sends receipts to. */
export function registerAccount(program: Command): Command {
  const account = program.command('account').description('the account: receipt email, payments mode');
  account
    .command('set-email <email>')
    .description("set the email Stripe sends purchase receipts to ('' clears it)")
    .action((email: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const { email: e } = await ctx.door.call('payments/setEmail', { email });
        ctx.print({ email: e }, () => (e ? `Receipts go to ${e}.` : 'No receipt email.'));
      }),
    );
  account
    .command('show')
    .description('show the receipt email and the Stripe customer')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const a = await ctx.door.call('payments/getAccount', {});
        const v = { email: a.email, customer: a.customer ?? null };
        ctx.print(v, () => `Receipt email: ${v.email ?? '(none)'}; Stripe customer: ${v.customer ?? '(not created yet)'}`);
      }),
    );
  return account;
}
