import { Option, type Command } from 'commander';
import type { AutoRefillSettings } from '../../../../preload/contract.js';
import { usdToCents } from '../../../core/payments/amounts.js';
import { REFILL_BOUNDS as B } from '../../../core/payments/refill-settings.js';
import { RefusedError } from '../../../core/errors.js';
import { creditsToUsdString, formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

/**
 * The monthly refill limit, in credits like the threshold and the amount (and
 * like the app's field): `--monthly-limit N`. Absent keeps the limit, `none`
 * removes it. `--monthly-limit-usd` (dollars, read once by the core's money
 * parser into credits) is kept for scripts written before; giving both is refused.
 */
function monthlyLimit(opts: { monthlyLimit?: string; monthlyLimitUsd?: string }): number | null | undefined {
  if (opts.monthlyLimit !== undefined && opts.monthlyLimitUsd !== undefined) {
    throw new RefusedError('invalid_number', 'give --monthly-limit (credits) or --monthly-limit-usd, not both');
  }
  const text = opts.monthlyLimit ?? opts.monthlyLimitUsd;
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === 'none') return null;
  if (opts.monthlyLimit !== undefined) return parseWhole(text, '--monthly-limit', B.monthlyLimitCredits.min, B.monthlyLimitCredits.max);
  return usdToCents(text, '--monthly-limit-usd');
}

/** Auto-refill as the CLI prints it (`refill set|off|show`): the contract's settings in credits, the monthly limit also in USD. */
function refillJson(v: AutoRefillSettings) {
  return {
    enabled: v.enabled,
    threshold: v.threshold,
    amount: v.amount,
    cardId: v.cardId,
    maxPerDay: v.maxPerDay,
    monthlyLimitCredits: v.monthlyLimit,
    monthlyLimitUsd: v.monthlyLimit === null ? null : creditsToUsdString(v.monthlyLimit),
    failuresInARow: v.failuresInARow ?? 0,
    needsAction: v.needsAction ?? null,
    inFlight: v.inFlight ?? null,
  };
}

/** Auto-refill as the CLI's text line says it. */
function refillText(v: AutoRefillSettings): string {
  if (!v.enabled) return `Auto-refill is off (last settings: below ${formatCredits(v.threshold)}, add ${formatCredits(v.amount)}).`;
  return `Auto-refill on — below ${formatCredits(v.threshold)}, add ${formatCredits(v.amount)} with ${v.cardId ?? 'the default card'}; at most ${v.maxPerDay} per 24 h${v.monthlyLimit !== null ? `, ${formatCredits(v.monthlyLimit)} per month` : ''}.`;
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
    .option('--monthly-limit <credits>', "stop refilling once this many credits were refilled this calendar month; 'none' removes the limit (left out: kept)")
    .addOption(new Option('--monthly-limit-usd <usd>', 'the monthly limit in dollars (older form of --monthly-limit)').hideHelp())
    .action((opts: { threshold: string; amount: string; card?: string; maxPerDay?: string; monthlyLimit?: string; monthlyLimitUsd?: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const v = await ctx.door.call('payments/setAutoRefill', {
          enabled: true,
          threshold: parseWhole(opts.threshold, '--threshold', B.thresholdCredits.min, B.thresholdCredits.max),
          amount: parseWhole(opts.amount, '--amount', B.amountCredits.min, B.amountCredits.max),
          cardId: opts.card === undefined || opts.card.trim().toLowerCase() === 'default' ? null : opts.card,
          maxPerDay: opts.maxPerDay === undefined ? undefined : parseWhole(opts.maxPerDay, '--max-per-day', B.maxPerDay.min, B.maxPerDay.max),
          monthlyLimit: monthlyLimit(opts),
        });
        ctx.print(refillJson(v), () => refillText(v));
      }),
    );

  refill
    .command('off')
    .description('turn auto-refill off')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const v = await ctx.door.call('payments/setAutoRefill', { enabled: false });
        ctx.print(refillJson(v), () => refillText(v));
      }),
    );

  refill
    .command('show')
    .description('show the auto-refill settings and state')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const v = await ctx.door.call('payments/getAutoRefill', {});
        ctx.print(refillJson(v), () => refillText(v));
      }),
    );
  return refill;
}
