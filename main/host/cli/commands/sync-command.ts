import type { Command } from 'commander';
import { formatCredits } from '../../../core/money.js';
import { cardLabel } from '../../../core/payments/notice-texts.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** `sync`: learn from Stripe what happened elsewhere (completed Checkout, refunds, unresolved payments). */
export function registerSync(program: Command): Command {
  return program
    .command('sync')
    .description('apply Stripe events since the last sync and resolve payments whose outcome is unknown')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const s = await ctx.door.call('payments/sync', {});
        const r = {
          credited: s.credited ?? [],
          failed: s.failed ?? [],
          refunds: s.refunds ?? [],
          eventsSeen: s.eventsSeen ?? 0,
          eventsApplied: s.eventsApplied ?? 0,
          pending: s.pending ?? 0,
          // The CLI's JSON keeps its shape: the card's label is the app's (the text below words it the same way).
          cardsAdded: (s.cardsAdded ?? []).map(({ id, brand, last4 }) => ({ id, brand, last4 })),
          refill: s.refill ?? null,
          balance: s.balance,
        };
        ctx.print(r, () => {
          const lines = [
            ...r.credited.map((c) => `Credited ${formatCredits(c.credits)} for ${c.paymentIntent} (${c.via}).`),
            ...r.refunds.map(
              (x) =>
                `Refund ${x.refund}: debited ${formatCredits(x.debited)}${x.debited < x.credits ? ` of ${formatCredits(x.credits)} (reconciliation alert raised)` : ''}.`,
            ),
            ...r.failed.map((f) => `Payment ${f.payment} failed: ${f.reason}`),
            ...r.cardsAdded.map((c) => `Saved ${cardLabel(c.brand, c.last4)} (added in the browser) as ${c.id}.`),
          ];
          if (r.refill && r.refill.result === 'charged') lines.push(`Auto-refill ran: ${r.refill.outcome}.`);
          lines.push(`${r.eventsApplied} new events; ${r.pending} payments still pending. Balance ${formatCredits(r.balance)}.`);
          return lines.join('\n');
        });
      }),
    );
}
