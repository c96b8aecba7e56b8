import type { Command } from 'commander';
import { checkServerUrl, type ServerConnection } from '../../client/server-client.js';
import { parseInstant } from '../../core/clock.js';
import { RefusedError } from '../../core/errors.js';
import { type CliRuntime, type GlobalOptions, runtimeOf } from './cli-context.js';
import { reportFailure } from './run-command.js';

/**
 * The team server a command talks to, from `--server`/`--token` or
 * BURNRATE_SERVER/BURNRATE_TOKEN (an empty variable is unset), with the
 * run's `--now` (or BURNRATE_NOW) checked here and sent as the request's
 * clock. `what` names the command in the refusal when either is missing.
 */
export function serverConnection(opts: GlobalOptions, env: NodeJS.ProcessEnv, what: string): ServerConnection {
  const url = opts.server ?? (env.BURNRATE_SERVER || undefined);
  if (url === undefined) throw new RefusedError('no_server', `${what} works with a team server: pass --server URL (env BURNRATE_SERVER)`);
  const token = opts.token ?? (env.BURNRATE_TOKEN || undefined);
  if (token === undefined || token.trim() === '') throw new RefusedError('no_token', `${what} needs your member token: set BURNRATE_TOKEN (or pass --token)`);
  const nowText = opts.now ?? (env.BURNRATE_NOW || undefined);
  const now = nowText === undefined ? undefined : parseInstant(nowText, opts.now !== undefined ? '--now' : 'BURNRATE_NOW').toISOString();
  return { url: checkServerUrl(url), token: token.trim(), now };
}

/** What a command that only talks to the team server is given. */
export interface RemoteContext {
  conn: ServerConnection;
  json: boolean;
  runtime: CliRuntime;
  /** Prints one JSON value with --json, otherwise the human text. */
  print(value: unknown, human: () => string): void;
}

/** Runs a command body against the team server (no local ledger is opened) and maps what it throws to an exit code. */
export async function runRemote(cmd: Command, what: string, body: (ctx: RemoteContext) => Promise<void>): Promise<void> {
  const opts = cmd.optsWithGlobals() as GlobalOptions;
  const runtime = runtimeOf(cmd);
  const json = Boolean(opts.json);
  try {
    const conn = serverConnection(opts, runtime.env, what);
    await body({
      conn,
      json,
      runtime,
      print: (value, human) => void runtime.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`),
    });
  } catch (err) {
    reportFailure(err, { json, runtime });
  }
}
