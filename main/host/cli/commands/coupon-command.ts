import fs from 'node:fs';
import type { Command } from 'commander';
import type { Coupon } from '../../../../preload/contract.js';
import { COUPON_CREDITS } from '../../../core/coupons/coupons.js';
import { RefusedError } from '../../../core/errors.js';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseInstant, parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

/** `coupon create|redeem|import|list`. */
export function registerCoupon(program: Command): Command {
  const coupon = program.command('coupon').description('create and redeem coupons');

  coupon
    .command('create <code>')
    .description('create a coupon that grants credits (admin)')
    .requiredOption('--credits <n>', 'credits granted')
    .option('--expires <date>', 'expiry instant (ISO-8601)')
    .option('--max-redemptions <n>', 'how many times it may be redeemed in all')
    .action((code: string, opts: { credits: string; expires?: string; maxRedemptions?: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const c = await ctx.door.call('coupons/create', {
          code,
          credits: parseWhole(opts.credits, '--credits', COUPON_CREDITS.min, COUPON_CREDITS.max),
          expiresAt: opts.expires ? parseInstant(opts.expires, '--expires').toISOString() : null,
          maxRedemptions: opts.maxRedemptions ? parseWhole(opts.maxRedemptions, '--max-redemptions', 1) : null,
        });
        ctx.print(couponJson(c), () => `Coupon ${c.code} grants ${formatCredits(c.credits)}.`);
      }),
    );

  coupon
    .command('redeem <code>')
    .description('redeem a coupon: its credits are added at once')
    .action((code: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const { entry, resumed, balance } = await ctx.door.call('coupons/redeem', { code });
        ctx.print(
          { code: entry.reference, credits: entry.credits, balance, resumed },
          () => `Added ${formatCredits(entry.credits)} with coupon ${entry.reference}. Balance ${formatCredits(balance)}.`,
        );
      }),
    );

  coupon
    .command('import <file>')
    .description('create coupons from a JSON array or a CSV file (code, credits, expiresAt, maxRedemptions); bad rows are reported')
    .action((file: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          throw new RefusedError('invalid_file', `cannot read ${file}`);
        }
        const r = await ctx.door.call('coupons/import', { text, fileName: file });
        ctx.print(r, () =>
          [
            `Imported ${r.created.length} coupons; rejected ${r.rejected.length} rows.`,
            ...r.rejected.map((x) => `  row ${x.row}${x.code ? ` (${x.code})` : ''}: ${x.reason}`),
          ].join('\n'),
        );
      }),
    );

  coupon
    .command('list')
    .description('list coupons')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const rows = (await ctx.door.call('coupons/list', {})).map(couponJson);
        ctx.print(rows, () =>
          rows.length
            ? rows
                .map(
                  (c) =>
                    `${c.code}  ${formatCredits(c.credits)}  used ${c.redemptions}${c.maxRedemptions ? `/${c.maxRedemptions}` : ''}${c.expiresAt ? `  expires ${c.expiresAt}` : ''}`,
                )
                .join('\n')
            : 'No coupons.',
        );
      }),
    );
  return coupon;
}

/** A coupon as the CLI prints it (the contract's fields, in the CLI's order). */
function couponJson(c: Coupon) {
  return { code: c.code, credits: c.credits, expiresAt: c.expiresAt, maxRedemptions: c.maxRedemptions, redemptions: c.redemptions };
}
