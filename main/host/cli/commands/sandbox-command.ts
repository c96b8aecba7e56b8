import path from 'node:path';
import type { Command } from 'commander';
import { serveSandboxCli } from '../../../stripe-sandbox/index.js';
import { CliContext } from '../cli-context.js';
import { parseWhole } from '../parse.js';
import { reportFailure } from '../run-command.js';

/** `sandbox serve --port N`: the built-in Stripe sandbox as a standalone server, until killed. */
export function registerSandbox(program: Command): Command {
  const sandbox = program.command('sandbox').description('the built-in Stripe-compatible sandbox');
  sandbox
    .command('serve')
    .description('run the Stripe sandbox on 127.0.0.1 (point BURNRATE_STRIPE_API at it)')
    .option('--port <n>', 'port to listen on (0: any free port)', '12111')
    .option('--db <file>', 'its database file (default: stripe-sandbox.db in the data folder)')
    .action(async (opts: { port: string; db?: string }, cmd: Command) => {
      const ctx = CliContext.from(cmd);
      try {
        const port = parseWhole(opts.port, '--port', 0, 65535);
        const dbFile = opts.db ?? path.join(ctx.dataDir, 'stripe-sandbox.db');
        const handle = await serveSandboxCli(port, dbFile, (line) => process.stderr.write(`${line}\n`));
        if (ctx.json) process.stdout.write(`${JSON.stringify({ url: handle.url, port: handle.port, db: dbFile })}\n`);
        else process.stdout.write(`${handle.url}\n`);
      } catch (err) {
        reportFailure(err, ctx.json);
      }
    });
  return sandbox;
}
