import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { CheckoutReply, PurchaseReply } from '../../../../preload/contract.js';
import { formatCredits } from '../../../core/money.js';
import { RefusedError } from '../../../core/errors.js';
import { ServerUnreachableError } from '../../../client/server-client.js';
import { DoorFault } from '../../door/door.js';
import { packCredits, usdToCredits } from '../../../core/payments/amounts.js';
import { CliContext } from '../cli-context.js';
import { dataOf, runCommand } from '../run-command.js';

interface AmountOpts {
  pack?: string;
  usd?: string;
  card?: string;
  wait?: boolean;
  requestKey?: string;
}

/**
 * A failure after which a purchase may or may not have gone through, so
 * sending it again with its key finishes it: no answer from Stripe yet, or
 * (as a team server's client) the connection broke after the request left.
 */
function outcomeUnknown(err: unknown, clientMode: boolean): boolean {
  if (outcomeCode(err) === 'payment_pending') return true;
  return clientMode && err instanceof Error && !(err instanceof RefusedError) && !(err instanceof DoorFault) && !(err instanceof ServerUnreachableError);
}

const outcomeCode = (err: unknown) =>
  (err as { code?: unknown } | null | undefined)?.code === 'payment_pending' ? 'payment_pending' : 'server_connection_lost';

/**
 * `--pack` or `--usd` read once, by the core's one money parser, into whole
 * credits: from here on the amount is an integer, never dollar text again.
 */
function amountOf(opts: AmountOpts): number {
  if (opts.pack !== undefined && opts.usd !== undefined) throw new RefusedError('invalid_amount', 'give either --pack or --usd, not both');
  if (opts.pack !== undefined) return packCredits(opts.pack);
  if (opts.usd !== undefined) return usdToCredits(opts.usd, '--usd');
  throw new RefusedError('invalid_amount', 'give --pack 5|10|20|50|100 or --usd AMOUNT');
}

/** How often `credits checkout --wait` asks whether the Checkout was paid. */
const CHECKOUT_POLL_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A Checkout as the CLI shows it: the session and its amount are always in the channel's reply. */
interface OpenCheckout {
  url: string;
  sessionId: string;
  credits: number;
}

/** The Checkout reply's optional fields, present on every reply of the engine's handler. */
function openCheckout(r: CheckoutReply): OpenCheckout {
  if (r.sessionId === undefined || r.credits === undefined) throw new Error('payments/checkout answered without its session or credits');
  return { url: r.url, sessionId: r.sessionId, credits: r.credits };
}

/**
 * `--wait`: keeps this process — and so the built-in sandbox serving the
 * Checkout page — up until the session is paid or expires, then reports the
 * credited purchase. The URL goes to stderr so stdout stays one JSON value.
 */
async function waitForCheckout(ctx: CliContext, r: OpenCheckout): Promise<void> {
  ctx.err(`Open ${r.url} to pay for ${formatCredits(r.credits)}. Waiting for the payment (Ctrl-C stops waiting; \`burnrate sync\` credits it later)…\n`);
  for (;;) {
    const s = await ctx.door.call('payments/checkoutStatus', { sessionId: r.sessionId });
    if (s.status === 'complete') {
      ctx.print(
        { url: r.url, sessionId: r.sessionId, credits: r.credits, status: s.status, paymentIntent: s.paymentIntent ?? null, balance: s.balance },
        () => `Paid: added ${formatCredits(r.credits)} (${s.paymentIntent ?? r.sessionId}). Balance ${formatCredits(s.balance)}.`,
      );
      return;
    }
    if (s.status === 'expired') throw new RefusedError('checkout_expired', 'the Checkout session expired before it was paid — nothing was added');
    if (s.status !== 'open') throw new RefusedError('checkout_failed', 'the Checkout session failed before it was paid — nothing was added');
    await sleep(CHECKOUT_POLL_MS);
  }
}

/**
 * What to do to confirm a payment (`id`: a PaymentIntent or a Checkout
 * Session) at `url`. The built-in sandbox's pages die with this process, so
 * there the link is not offered: the CLI confirms it instead.
 */
function confirmHint(sandbox: boolean | undefined, id: string | null, url: string | null): string {
  if (sandbox && id) {
    return `with the built-in sandbox run \`burnrate sandbox pay ${id}\` (its page lives only while a Burnrate process runs), then \`burnrate sync\``;
  }
  return `open ${url ?? '(no link)'} and then run \`burnrate sync\``;
}

/**
 * `credits buy`'s JSON, in its fields' order of old: the credits added (none
 * while the bank still wants the payment confirmed), the PaymentIntent, the
 * balance, the deployments resumed, where to confirm, the payment's number.
 */
function purchaseJson(r: PurchaseReply) {
  return {
    credits: r.entry?.credits ?? 0,
    paymentIntent: r.paymentIntent ?? null,
    balance: r.balance,
    resumed: r.resumed ?? [],
    actionUrl: r.actionUrl,
    payment: r.payment,
    status: r.status,
  };
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
    .option('--request-key <key>', 'send a purchase again whose answer was lost: the key it printed finishes that purchase and never pays twice')
    .action((opts: AmountOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        // Every purchase goes with a key, so one whose answer is lost can be sent again without paying twice.
        const requestKey = opts.requestKey ?? `cli:${randomUUID()}`;
        const r = await ctx.door.call('payments/purchase', { credits: amountOf(opts), cardId: opts.card, requestKey }).catch((err: unknown) => {
          throw outcomeUnknown(err, ctx.clientMode) ? new DoorFault(outcomeCode(err), (err as Error).message, { ...dataOf(err), requestKey }) : err;
        });
        const bought = purchaseJson(r);
        ctx.print(bought, () =>
          r.status === 'succeeded'
            ? `Added ${formatCredits(bought.credits)} (${bought.paymentIntent}). Balance ${formatCredits(r.balance)}.`
            : `Your bank wants to confirm this payment: ${confirmHint(r.sandbox, bought.paymentIntent, r.actionUrl)}.`,
        );
      }),
    );

  credits
    .command('checkout')
    .description('pay in the browser with Stripe Checkout; credits arrive when it completes (polling or sync)')
    .option('--pack <usd>', 'pack: 5, 10, 20, 50 or 100')
    .option('--usd <amount>', 'custom amount in USD, whole cents')
    .option('--wait', 'stay running (with the built-in sandbox and its Checkout page) until it is paid or expires, then print the credited result')
    .action((opts: AmountOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const reply = await ctx.door.call('payments/checkout', { credits: amountOf(opts) });
        const r = openCheckout(reply);
        if (opts.wait) return waitForCheckout(ctx, r);
        ctx.print(r, () =>
          reply.sandbox
            ? `Checkout ${r.sessionId} for ${formatCredits(r.credits)} is open: ${confirmHint(true, r.sessionId, r.url)} — or pay in the browser with \`burnrate credits checkout --wait\`.`
            : `Open ${r.url} to pay for ${formatCredits(r.credits)}, then run \`burnrate sync\`.`,
        );
      }),
    );

  credits
    .command('receipt <payment_intent>')
    .description('the receipt data of a purchase or refill')
    .action((pi: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.door.call('payments/receipt', { paymentIntent: pi });
        ctx.print(r, () => `${r.date}  ${r.description}  $${r.amountUsd}  ${r.cardBrand ? `${r.cardBrand} ••${r.cardLast4}` : ''}  ${r.paymentId}`);
      }),
    );
  return credits;
}
