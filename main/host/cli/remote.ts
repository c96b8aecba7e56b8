import type { Command } from 'commander';
import type { ServerConnection } from '../../client/server-client.js';
import { type CliRuntime, type GlobalOptions, runtimeOf } from './cli-context.js';
import { reportFailure } from './run-command.js';
import { serverConnection } from './server-connection.js';

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
