import type { Command } from 'commander';
import { createOrgOnDatabase, startTeamServer } from '../../../compose/team-server.js';
import { RefusedError } from '../../../core/errors.js';
import { emailSchema } from '../../../server/protocol.js';
import { cliClock, type GlobalOptions, runtimeOf } from '../cli-context.js';
import { parseWhole } from '../parse.js';
import { reportFailure } from '../run-command.js';

/** The port the team server listens on when neither --port nor BURNRATE_SERVER_PORT says. */
export const DEFAULT_SERVER_PORT = 8787;

interface ServerOptions extends GlobalOptions {
  databaseUrl?: string;
  host: string;
  port?: string;
  testClock?: boolean;
}

/** `--database-url`, else BURNRATE_DATABASE_URL (empty is unset). */
function databaseUrl(opts: ServerOptions, env: NodeJS.ProcessEnv): string {
  const url = opts.databaseUrl ?? (env.BURNRATE_DATABASE_URL || undefined);
  if (!url) throw new RefusedError('no_database', 'the team server needs its PostgreSQL database: set BURNRATE_DATABASE_URL (or pass --database-url)');
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new RefusedError('invalid_database_url', 'the database URL is postgres://user:password@host:port/database');
  return url;
}

/**
 * Waits for the process to be asked to stop (SIGTERM, or Ctrl-C): `stopped`
 * resolves with the signal's name; `cancel` removes the listeners (the server
 * did not start).
 */
function stopRequested(): { stopped: Promise<NodeJS.Signals>; cancel(): void } {
  let on: (signal: NodeJS.Signals) => void = () => {};
  const cancel = () => {
    process.off('SIGTERM', on);
    process.off('SIGINT', on);
  };
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    on = (signal) => {
      cancel();
      resolve(signal);
    };
  });
  process.on('SIGTERM', on);
  process.on('SIGINT', on);
  return { stopped, cancel };
}

/** Runs a body and maps what it throws to one line and an exit code, like every command. */
async function guarded(cmd: Command, body: (opts: ServerOptions) => Promise<void>): Promise<void> {
  const opts = cmd.optsWithGlobals() as ServerOptions;
  try {
    await body(opts);
  } catch (err) {
    reportFailure(err, { json: Boolean(opts.json), runtime: runtimeOf(cmd) });
  }
}

/** `server` (run the team server until SIGTERM) and `server org create`. */
export function registerServer(program: Command): Command {
  const server = program
    .command('server')
    .description('run the team server: migrates its PostgreSQL schema, serves the HTTP API, stops cleanly on SIGTERM (docs/server.md)')
    .option('--database-url <url>', 'PostgreSQL URL (env BURNRATE_DATABASE_URL; prefer the env: arguments are visible to other users)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', `port to listen on (env BURNRATE_SERVER_PORT; default ${DEFAULT_SERVER_PORT}; 0 picks a free one)`)
    .option('--test-clock', "tests only: take each request's clock from the client's --now")
    .action((_opts, cmd: Command) =>
      guarded(cmd, async (opts) => {
        const runtime = runtimeOf(cmd);
        const portText = opts.port ?? (runtime.env.BURNRATE_SERVER_PORT || undefined);
        const port = portText === undefined ? DEFAULT_SERVER_PORT : parseWhole(portText, opts.port !== undefined ? '--port' : 'BURNRATE_SERVER_PORT', 0, 65535);
        const config = {
          databaseUrl: databaseUrl(opts, runtime.env),
          host: opts.host,
          port,
          testClock: Boolean(opts.testClock),
          log: (line: string) => void runtime.stderr.write(`${line}\n`),
        };
        // Listening for SIGTERM before starting: a stop asked for while it migrates still closes it cleanly.
        const stop = stopRequested();
        let running;
        try {
          running = await startTeamServer(config);
        } catch (err) {
          stop.cancel();
          throw err;
        }
        const clockNote = opts.testClock ? ' (test clock: requests may carry the client’s --now)' : '';
        runtime.stdout.write(
          opts.json
            ? `${JSON.stringify({ url: running.url, testClock: Boolean(opts.testClock) })}\n`
            : `Burnrate server listening on ${running.url}${clockNote}\n`,
        );
        await stop.stopped;
        await running.close();
      }),
    );

  server
    .command('org')
    .description('orgs on the team server')
    .command('create')
    .description("create an org and its first admin; prints the admin's token (shown this once)")
    .requiredOption('--name <name>', "the org's name")
    .requiredOption('--admin-email <email>', "the first admin's email")
    .action((opts: { name: string; adminEmail: string }, cmd: Command) =>
      guarded(cmd, async (g) => {
        const runtime = runtimeOf(cmd);
        const email = emailSchema.safeParse(opts.adminEmail);
        if (!email.success)
          throw new RefusedError('invalid_email', `--admin-email ${JSON.stringify(String(opts.adminEmail).slice(0, 80))} is not an email address`);
        const at = cliClock(g.now, runtime.env.BURNRATE_NOW).now().getTime();
        const created = await createOrgOnDatabase(databaseUrl(g, runtime.env), { name: opts.name, adminEmail: email.data, at });
        runtime.stdout.write(
          g.json
            ? `${JSON.stringify({ orgId: created.orgId, token: created.token }, null, 2)}\n`
            : `Created org ${created.orgId} (${created.name}). The admin ${email.data}'s token (shown this once, keep it secret):\n${created.token}\n`,
        );
      }),
    );
  return server;
}
