import type { Command } from 'commander';
import { cardLabel } from '../../../core/payments/notice-texts.js';
import type { SavedCard } from '../../../core/payments/saved-cards.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** A saved card as the CLI shows it. */
export function cardJson(c: SavedCard) {
  return { id: c.id, brand: c.brand, last4: c.last4, funding: c.funding, expMonth: c.expMonth, expYear: c.expYear, default: c.isDefault };
}

function cardLine(c: SavedCard): string {
  return `${c.id}  ${cardLabel(c.brand, c.last4)}  ${c.funding}  exp ${String(c.expMonth).padStart(2, '0')}/${c.expYear}${c.isDefault ? '  (default)' : ''}`;
}

/** `cards add|list|remove|default`. */
export function registerCards(program: Command): Command {
  const cards = program.command('cards').description('saved cards for purchases and auto-refill');

  cards
    .command('add <pm_id>')
    .description('save a card (a Stripe payment method id; test ids like pm_card_visa work in the sandbox)')
    .action((pm: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const c = await ctx.services.payments.addCard(pm);
        ctx.print(cardJson(c), () => `Saved ${cardLabel(c.brand, c.last4)} (${c.funding}) as ${c.id}${c.isDefault ? ', the default card' : ''}.`);
      }),
    );

  cards
    .command('list')
    .description('list saved cards, the default first')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const rows = await ctx.services.payments.listCards();
        ctx.print(rows.map(cardJson), () => (rows.length ? rows.map(cardLine).join('\n') : 'No saved cards. Add one with `burnrate cards add pm_card_visa`.'));
      }),
    );

  cards
    .command('remove <id>')
    .description('remove a saved card')
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const c = await ctx.services.payments.removeCard(id);
        const fallback = c.refill === 'default_card' ? ctx.services.payments.cards.defaultCard() : undefined;
        ctx.print({ removed: c.id, refill: c.refill }, () => [
          `Removed ${cardLabel(c.brand, c.last4)}.`,
          ...(fallback ? [`Auto-refill now charges the default card, ${cardLabel(fallback.brand, fallback.last4)}.`] : []),
          ...(c.refill === 'turned_off' ? ['Auto-refill is now off: no saved card is left. Add a card, then `refill set` again.'] : []),
        ].join('\n'));
      }),
    );

  cards
    .command('default <id>')
    .description('make a saved card the default')
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const c = await ctx.services.payments.setDefaultCard(id);
        ctx.print(cardJson(c), () => `${cardLabel(c.brand, c.last4)} is now the default card.`);
      }),
    );
  return cards;
}
