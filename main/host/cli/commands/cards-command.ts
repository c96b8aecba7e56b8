import type { Command } from 'commander';
import type { CardSetupReply, SavedCard } from '../../../../preload/contract.js';
import { RefusedError } from '../../../core/errors.js';
import { cardLabel } from '../../../core/payments/notice-texts.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

/** A saved card as the CLI shows it. */
export function cardJson(c: SavedCard) {
  return { id: c.id, brand: c.brand, last4: c.last4, funding: c.funding, expMonth: c.expMonth, expYear: c.expYear, default: c.isDefault };
}

function cardLine(c: SavedCard): string {
  return `${c.id}  ${cardLabel(c.brand, c.last4)}  ${c.funding}  exp ${String(c.expMonth).padStart(2, '0')}/${c.expYear}${c.isDefault ? '  (default)' : ''}`;
}

function savedText(c: SavedCard): string {
  return `Saved ${cardLabel(c.brand, c.last4)} (${c.funding}) as ${c.id}${c.isDefault ? ', the default card' : ''}.`;
}

/** How often `cards setup --wait` asks whether the card was saved. */
const SETUP_POLL_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `--wait`: keeps this process — and so the built-in sandbox serving the
 * setup page — up until the card is saved or the page expires, then prints
 * the saved card. A declined try is not the end: the page lets the customer
 * try another card. The URL goes to stderr so stdout stays one JSON value.
 */
async function waitForSetup(ctx: CliContext, r: CardSetupReply): Promise<void> {
  ctx.err(`Open ${r.url} to add a card. Waiting for it (Ctrl-C stops waiting; \`burnrate sync\` saves it later)…\n`);
  let said: string | null = null;
  for (;;) {
    const s = await ctx.door.call('payments/cardSetupStatus', { sessionId: r.sessionId });
    if (s.status === 'complete' && s.card) {
      const c = s.card;
      ctx.print({ ...cardJson(c), sessionId: r.sessionId }, () => savedText(c));
      return;
    }
    if (s.status !== 'open') throw new RefusedError('card_setup_expired', 'the card setup page expired before a card was saved — nothing was saved');
    if (s.lastDecline && s.lastDecline !== said) ctx.err(`${s.lastDecline} (The page is still open: try another card there.)\n`);
    said = s.lastDecline;
    await sleep(SETUP_POLL_MS);
  }
}

/** `cards add|setup|list|remove|default`. */
export function registerCards(program: Command): Command {
  const cards = program.command('cards').description('saved cards for purchases and auto-refill');

  cards
    .command('add <pm_id>')
    .description('save a card by its Stripe payment method id (test mode: pm_card_visa…); to add a real card use `cards setup`')
    .action((pm: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const c = await ctx.door.call('payments/addCard', { paymentMethodId: pm });
        ctx.print(cardJson(c), () => savedText(c));
      }),
    );

  cards
    .command('setup')
    .description("add a card in the browser (Stripe Checkout in setup mode; the sandbox page takes Stripe test card numbers): prints the page's URL")
    .option('--wait', 'stay running (with the built-in sandbox and its page) until the card is saved or the page expires, then print the card')
    .action((opts: { wait?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.door.call('payments/setupCard', {});
        if (opts.wait) return waitForSetup(ctx, r);
        ctx.print({ url: r.url, sessionId: r.sessionId }, () =>
          r.sandbox
            ? `Card setup ${r.sessionId} is open: with the built-in sandbox run \`burnrate sandbox pay ${r.sessionId} [--card pm_card_…]\` (its page lives only while a Burnrate process runs), then \`burnrate sync\` — or add it in the browser with \`burnrate cards setup --wait\`.`
            : `Open ${r.url} to add a card, then run \`burnrate sync\`.`,
        );
      }),
    );

  cards
    .command('list')
    .description('list saved cards, the default first')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const rows = await ctx.door.call('payments/cards', {});
        ctx.print(rows.map(cardJson), () =>
          rows.length
            ? rows.map(cardLine).join('\n')
            : 'No saved cards. Add one in the browser with `burnrate cards setup --wait` (test mode: `burnrate cards add pm_card_visa`).',
        );
      }),
    );

  cards
    .command('remove <id>')
    .description('remove a saved card')
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const { removed: c, refill, cards: left } = await ctx.door.call('payments/removeCardReport', { cardId: id });
        const fallback = refill === 'default_card' ? (left.find((x) => x.isDefault) ?? null) : null;
        ctx.print({ removed: c.id, refill }, () =>
          [
            `Removed ${cardLabel(c.brand, c.last4)}.`,
            ...(fallback ? [`Auto-refill now charges the default card, ${cardLabel(fallback.brand, fallback.last4)}.`] : []),
            ...(refill === 'turned_off' ? ['Auto-refill is now off: no saved card is left. Add a card, then `refill set` again.'] : []),
          ].join('\n'),
        );
      }),
    );

  cards
    .command('default <id>')
    .description('make a saved card the default')
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const c = (await ctx.door.call('payments/setDefaultCard', { cardId: id })).find((x) => x.isDefault);
        if (!c) throw new Error(`the card ${id} was made the default but is not listed`);
        ctx.print(cardJson(c), () => `${cardLabel(c.brand, c.last4)} is now the default card.`);
      }),
    );
  return cards;
}
