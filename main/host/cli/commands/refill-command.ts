import type { Command } from 'commander';
import { usdToCents } from '../../../core/payments/amounts.js';
import type { RefillView } from '../../../core/payments/payments.js';
import { creditsToUsdString, formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

/** Auto-refill as the CLI shows it (credits; the monthly limit also in USD). */
export function refillJson(v: RefillView) {
  return {
    enabled: v.enabled,
    threshold: v.thresholdCredits,
    amount: v.amountCredits,
    cardId: v.cardId,
    maxPerDay: v.maxPerDay,
    monthlyLimitCredits: v.monthlyLimitCredits,
    monthlyLimitUsd: v.monthlyLimitCredits === null ? null : creditsToUsdString(v.monthlyLimitCredits),
    failuresInARow: v.state.failures,
    needsAction: v.state.needsAction,
    inFlight: v.inFlight,
  };
}

function refillText(v: RefillView): string {
  if (!v.enabled) return `Auto-refill is off (last settings: below ${formatCredits(v.thresholdCredits)}, add ${formatCredits(v.amountCredits)}).`;
  return `Auto-refill on — below ${formatCredits(v.thresholdCredits)}, add ${formatCredits(v.amountCredits)} with ${v.cardId ?? 'the default card'}; at most ${v.maxPerDay} per 24 h${v.monthlyLimitCredits !== null ? `, ${formatCredits(v.monthlyLimitCredits)} per month` : ''}.`;
}

/** `--monthly-limit-usd`: absent keeps the limit, `none` removes it, else dollars in the purchase format. */
function monthlyLimit(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === 'none') return null;
  return usdToCents(text, '--monthly-limit-usd');
}

/** `refill set|off|show`. */
export function registerRefill(program: Command): Command {
  const refill = program.command('refill').description('auto-refill: buy credits when the balance falls below a threshold');

  refill
    .command('set')
    .description('turn auto-refill on')
    .requiredOption('--threshold <credits>', 'refill when a charge leaves the balance below this many credits')
    .requiredOption('--amount <credits>', 'credits to buy each time (100–1,000,000)')
    .option('--card <id>', "saved card to charge; 'default' (or leaving it out): whichever card is the default")
    .option('--max-per-day <n>', 'at most this many refills per rolling 24 h (default 3)')
    .option('--monthly-limit-usd <usd>', "stop refilling once this much was refilled this calendar month; 'none' removes the limit (left out: kept)")
    .action((opts: { threshold: string; amount: string; card?: string; maxPerDay?: string; monthlyLimitUsd?: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const input = {
          thresholdCredits: parseWhole(opts.threshold, '--threshold', 1, 100_000_000),
          amountCredits: parseWhole(opts.amount, '--amount', 100, 1_000_000),
          cardId: opts.card === undefined || opts.card.trim().toLowerCase() === 'default' ? null : opts.card,
          maxPerDay: opts.maxPerDay === undefined ? undefined : parseWhole(opts.maxPerDay, '--max-per-day', 1, 24),
          monthlyLimitCredits: monthlyLimit(opts.monthlyLimitUsd),
        };
        const v = await ctx.services.payments.setRefill(input);
        ctx.print(refillJson(v), () => refillText(v));
      }),
    );

  refill
    .command('off')
    .description('turn auto-refill off')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const v = await ctx.services.payments.refillOff();
        ctx.print(refillJson(v), () => refillText(v));
      }),
    );

  refill
    .command('show')
    .description('show the auto-refill settings and state')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const v = ctx.services.payments.refillView();
        ctx.print(refillJson(v), () => refillText(v));
      }),
    );
  return refill;
}
