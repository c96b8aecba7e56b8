import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TICK_MS } from '../../../compose/server-scheduler.js';
import { DEFAULT_MAX_OPEN_ORGS } from '../../../compose/server-services.js';
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
  sandboxDir?: string;
}

/**
 * The built-in sandbox's folder: `--sandbox-dir`, else BURNRATE_SANDBOX_DIR,
 * else a private temporary folder removed when the server stops (each process
 * then has a sandbox of its own: see docs/server.md, Payments).
 */
function sandboxDir(opts: ServerOptions, env: NodeJS.ProcessEnv): { dir: string; remove(): void } {
  const given = opts.sandboxDir ?? (env.BURNRATE_SANDBOX_DIR || undefined);
  if (given) {
    fs.mkdirSync(given, { recursive: true, mode: 0o700 });
    return { dir: path.resolve(given), remove: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-server-sandbox-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
    .option('--sandbox-dir <dir>', 'where the built-in payments sandbox keeps its files (env BURNRATE_SANDBOX_DIR; default: a temporary folder per process)')
    .action((_opts, cmd: Command) =>
      guarded(cmd, async (opts) => {
        const runtime = runtimeOf(cmd);
        const portText = opts.port ?? (runtime.env.BURNRATE_SERVER_PORT || undefined);
        const port = portText === undefined ? DEFAULT_SERVER_PORT : parseWhole(portText, opts.port !== undefined ? '--port' : 'BURNRATE_SERVER_PORT', 0, 65535);
        const tickText = runtime.env.BURNRATE_SERVER_TICK_MS || undefined;
        const tickMs = tickText === undefined ? DEFAULT_TICK_MS : parseWhole(tickText, 'BURNRATE_SERVER_TICK_MS', 50, 3_600_000);
        const scrapeText = runtime.env.BURNRATE_SERVER_SCRAPE_MS || undefined;
        const scrapeEveryMs = scrapeText === undefined ? undefined : parseWhole(scrapeText, 'BURNRATE_SERVER_SCRAPE_MS', 50, 3_600_000);
        const openText = runtime.env.BURNRATE_SERVER_MAX_OPEN_ORGS || undefined;
        const maxOpenOrgs = openText === undefined ? DEFAULT_MAX_OPEN_ORGS : parseWhole(openText, 'BURNRATE_SERVER_MAX_OPEN_ORGS', 1, 10_000);
        const keepAliveText = runtime.env.BURNRATE_SERVER_KEEPALIVE_MS || undefined;
        const keepAliveMs = keepAliveText === undefined ? undefined : parseWhole(keepAliveText, 'BURNRATE_SERVER_KEEPALIVE_MS', 50, 3_600_000);
        const url = databaseUrl(opts, runtime.env);
        const sandbox = sandboxDir(opts, runtime.env);
        const config = {
          databaseUrl: url,
          host: opts.host,
          port,
          testClock: Boolean(opts.testClock),
          sandboxDir: sandbox.dir,
          env: runtime.env,
          tickMs,
          scrapeEveryMs,
          maxOpenOrgs,
          keepAliveMs,
          log: (line: string) => void runtime.stderr.write(`${line}\n`),
        };
        // Listening for SIGTERM before starting: a stop asked for while it migrates still closes it cleanly.
        const stop = stopRequested();
        let running;
        try {
          running = await startTeamServer(config);
        } catch (err) {
          stop.cancel();
          sandbox.remove();
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
        sandbox.remove();
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
