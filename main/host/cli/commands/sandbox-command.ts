import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { RefusedError } from '../../../core/errors.js';
import { formatUsd } from '../../../core/money.js';
import { declineText } from '../../../core/payments/decline-texts.js';
import {
  checkEndpoint,
  isSandboxFile,
  NotASandboxFileError,
  paySandboxCli,
  SandboxActionError,
  type SandboxPayment,
  serveSandboxCli,
  WebhookEndpointError,
} from '../../../stripe-sandbox/index.js';
import { CliContext } from '../cli-context.js';
import { parseWhole } from '../parse.js';
import { reportFailure } from '../run-command.js';

/**
 * `sandbox pay ID`: the customer's side of a payment the app is waiting for.
 * A sandbox-only action on its database file (`--db`, default the data
 * folder's), so it works while `credits checkout --wait` or the app keeps the
 * in-process sandbox running, and when nothing runs at all.
 */
async function pay(ctx: CliContext, id: string, opts: { card?: string; fail?: boolean; db?: string }): Promise<void> {
  const target = id.trim();
  if (!/^(cs_test_|pi_)[A-Za-z0-9]+$/.test(target)) {
    throw new RefusedError('invalid_id', `'${id}' is neither a Checkout Session (cs_test_…) nor a PaymentIntent (pi_…)`);
  }
  if (opts.card !== undefined && !target.startsWith('cs_'))
    throw new RefusedError('invalid_option', '--card is for a Checkout Session; a 3-D Secure check is passed with the card the payment already has');
  if (opts.fail && !target.startsWith('pi_')) throw new RefusedError('invalid_option', '--fail is for a 3-D Secure check (pi_…)');
  const dbFile = opts.db ?? path.join(ctx.dataDir, 'stripe-sandbox.db');
  // Opening a missing file would make an empty sandbox that knows nothing: say what is wrong instead.
  if (!fs.existsSync(dbFile)) throw new RefusedError('no_sandbox', `no sandbox database at ${dbFile}: nothing was paid (is --data-dir or --db right?)`);
  if (!isSandboxFile(dbFile)) throw new RefusedError('no_sandbox', `${dbFile} is not a Stripe sandbox database: nothing was paid (is --db right?)`);
  let r: SandboxPayment;
  try {
    r = await paySandboxCli(dbFile, target, { card: opts.card, fail: opts.fail, clock: () => ctx.clock.now() });
  } catch (err) {
    if (err instanceof SandboxActionError && err.status === 402) {
      const code = (k: string) => (typeof err.error[k] === 'string' ? (err.error[k] as string) : null);
      throw new RefusedError('card_declined', `${declineText({ code: code('code'), declineCode: code('decline_code') })} Nothing was paid or saved.`);
    }
    if (err instanceof SandboxActionError) throw new RefusedError('sandbox_refused', `${err.message} — nothing was paid`);
    throw err;
  }
  ctx.print(r, () =>
    target.startsWith('pi_')
      ? `3-D Secure ${r.status === 'succeeded' ? `passed: ${formatUsd(r.amount)} paid` : 'failed: nothing was paid'} (${r.id}). Burnrate credits it on its next sync (\`burnrate sync\`).`
      : r.setupIntent
        ? `Saved the card for ${r.id} (${r.setupIntent}). A waiting \`cards setup --wait\` picks it up; otherwise run \`burnrate sync\`.`
        : `Paid ${formatUsd(r.amount)} for ${r.id} (${r.paymentIntent ?? 'no payment'}). A waiting \`credits checkout --wait\` picks it up; otherwise run \`burnrate sync\`.`,
  );
}

/** The endpoint `--webhook-url` and `--webhook-secret` (or its env) name, checked; none when neither is given. */
function webhookOf(opts: { webhookUrl?: string; webhookSecret?: string }, envSecret: string | undefined): { url: string; secret: string } | undefined {
  const secret = opts.webhookSecret ?? (opts.webhookUrl !== undefined ? envSecret : undefined);
  if (opts.webhookUrl === undefined && secret === undefined) return undefined;
  if (opts.webhookUrl === undefined) throw new RefusedError('invalid_option', '--webhook-secret needs --webhook-url: where should the events go?');
  if (!secret) throw new RefusedError('invalid_option', '--webhook-url needs --webhook-secret whsec_… (or env STRIPE_WEBHOOK_SECRET) to sign the events');
  try {
    checkEndpoint(opts.webhookUrl, secret);
  } catch (err) {
    throw err instanceof WebhookEndpointError ? new RefusedError('invalid_option', err.message) : err;
  }
  return { url: opts.webhookUrl, secret };
}

/** `sandbox serve --port N`: the built-in Stripe sandbox as a standalone server, until killed; `sandbox pay ID`. */
export function registerSandbox(program: Command): Command {
  const sandbox = program.command('sandbox').description('the built-in Stripe-compatible sandbox');
  sandbox
    .command('serve')
    .description('run the Stripe sandbox on 127.0.0.1 (point BURNRATE_STRIPE_API at it)')
    .option('--port <n>', 'port to listen on (0: any free port)', '12111')
    .option('--db <file>', 'its database file (default: stripe-sandbox.db in the data folder)')
    .option('--webhook-url <url>', 'POST every new event there, signed like Stripe (Stripe-Signature), with retries')
    .option('--webhook-secret <whsec>', 'the signing secret for --webhook-url (or env STRIPE_WEBHOOK_SECRET, which keeps it out of the process list)')
    .action(async (opts: { port: string; db?: string; webhookUrl?: string; webhookSecret?: string }, cmd: Command) => {
      const ctx = CliContext.from(cmd);
      try {
        const port = parseWhole(opts.port, '--port', 0, 65535);
        const dbFile = opts.db ?? path.join(ctx.dataDir, 'stripe-sandbox.db');
        const webhook = webhookOf(opts, ctx.env.STRIPE_WEBHOOK_SECRET);
        const handle = await serveSandboxCli(port, dbFile, (line) => ctx.err(`${line}\n`), webhook).catch((err: unknown) => {
          throw err instanceof NotASandboxFileError ? new RefusedError('no_sandbox', err.message) : err;
        });
        const shown = { url: handle.url, port: handle.port, db: dbFile, ...(webhook ? { webhookUrl: webhook.url } : {}) };
        ctx.out(ctx.json ? `${JSON.stringify(shown)}\n` : `${handle.url}\n`);
      } catch (err) {
        reportFailure(err, ctx);
      }
    });
  sandbox
    .command('pay <id>')
    .description(
      'sandbox only: pay an open Checkout Session (cs_test_…; in setup mode: save the card) or pass the 3-D Secure check of a payment (pi_…), as the customer would on the page',
    )
    .option('--card <pm>', 'test card for a Checkout Session (default pm_card_visa)')
    .option('--fail', 'fail the 3-D Secure check instead of passing it')
    .option('--db <file>', 'the sandbox database file (default: stripe-sandbox.db in the data folder)')
    .action(async (id: string, opts: { card?: string; fail?: boolean; db?: string }, cmd: Command) => {
      const ctx = CliContext.from(cmd);
      try {
        await pay(ctx, id, opts);
      } catch (err) {
        reportFailure(err, ctx);
      }
    });
  return sandbox;
}
