import { checkServerUrl, type ServerConnection } from '../../client/server-client.js';
import { parseInstant } from '../../core/clock.js';
import { RefusedError } from '../../core/errors.js';
import type { GlobalOptions } from './cli-context.js';

/** The team server's URL when the run is in client mode (`--server`, or BURNRATE_SERVER when not empty), else undefined. */
export function serverUrlOf(opts: GlobalOptions, env: NodeJS.ProcessEnv): string | undefined {
  return opts.server ?? (env.BURNRATE_SERVER || undefined);
}

/**
 * The team server a command talks to, from `--server`/`--token` or
 * BURNRATE_SERVER/BURNRATE_TOKEN (an empty variable is unset), with the
 * run's `--now` (or BURNRATE_NOW) checked here and sent as the request's
 * clock. `what` names the command in the refusal when either is missing.
 */
export function serverConnection(opts: GlobalOptions, env: NodeJS.ProcessEnv, what: string): ServerConnection {
  const url = serverUrlOf(opts, env);
  if (url === undefined) throw new RefusedError('no_server', `${what} works with a team server: pass --server URL (env BURNRATE_SERVER)`);
  const token = opts.token ?? (env.BURNRATE_TOKEN || undefined);
  if (token === undefined || token.trim() === '') throw new RefusedError('no_token', `${what} needs your member token: set BURNRATE_TOKEN (or pass --token)`);
  const nowText = opts.now ?? (env.BURNRATE_NOW || undefined);
  const now = nowText === undefined ? undefined : parseInstant(nowText, opts.now !== undefined ? '--now' : 'BURNRATE_NOW').toISOString();
  return { url: checkServerUrl(url), token: token.trim(), now };
}
