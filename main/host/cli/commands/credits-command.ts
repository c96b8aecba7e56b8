import type { Command } from 'commander';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

interface AmountOpts {
  pack?: string;
  usd?: string;
  card?: string;
}

/** `credits buy|checkout|receipt`. */
export function registerCredits(program: Command): Command {
  const credits = program.command('credits').description('buy credits');

  credits
    .command('buy')
    .description('buy a pack ($5, $10, $20, $50, $100) or a custom amount ($1.00–$10,000.00) with a saved card')
    .option('--pack <usd>', 'pack: 5, 10, 20, 50 or 100')
    .option('--usd <amount>', 'custom amount in USD, whole cents')
    .option('--card <id>', 'saved card id (default: the default card)')
    .action((opts: AmountOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.services.payments.buy(opts);
        ctx.print(r, () =>
          r.status === 'succeeded'
            ? `Added ${formatCredits(r.credits)} (${r.paymentIntent}). Balance ${formatCredits(r.balance)}.`
            : `Your bank wants to confirm this payment: open ${r.actionUrl ?? '(no link)'} and then run \`burnrate sync\`.`,
        );
      }),
    );

  credits
    .command('checkout')
    .description('pay in the browser with Stripe Checkout; credits arrive when it completes (polling or sync)')
    .option('--pack <usd>', 'pack: 5, 10, 20, 50 or 100')
    .option('--usd <amount>', 'custom amount in USD, whole cents')
    .action((opts: AmountOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.services.payments.checkout(opts);
        ctx.print({ url: r.url, sessionId: r.sessionId, credits: r.credits }, () => `Open ${r.url} to pay for ${formatCredits(r.credits)}, then run \`burnrate sync\`.`);
      }),
    );

  credits
    .command('receipt <payment_intent>')
    .description('the receipt data of a purchase or refill')
    .action((pi: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = ctx.services.payments.receipt(pi);
        ctx.print(r, () => `${r.date}  ${r.description}  $${r.amountUsd}  ${r.cardBrand ? `${r.cardBrand} ••${r.cardLast4}` : ''}  ${r.paymentId}`);
      }),
    );
  return credits;
}
