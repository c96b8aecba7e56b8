import type { Clock } from '../core/clock.js';
import type { ControlOutbox } from '../core/control/control-outbox.js';
import type { ControlTransport } from '../core/control/control-types.js';
import { controlTimeoutsFromEnv, processTransport } from '../adapters/control/default-transport.js';
import { detachedTransport, runsDir } from '../adapters/control/detached-transport.js';
import { controlRunner } from '../host/cli/control-runner.js';
import { type LocalEngine, localEngineOf } from './local-engine.js';
import { openServices } from './local-services.js';

/**
 * How long a CLI command waits, before it exits, for the deployment-control
 * actions it owes (a hook that runs in a second or two finishes; a slow one
 * goes on in its runner and the command returns).
 */
export const CLI_CONTROL_WAIT_MS = 10_000;

/** The CLI's control transport: every try in a runner process that may outlive the command; results wait in the data folder. */
export function cliControlTransport(dataDir: string, env: NodeJS.ProcessEnv): ControlTransport {
  const timeouts = controlTimeoutsFromEnv(env);
  return detachedTransport(processTransport(timeouts, env), {
    dir: runsDir(dataDir),
    runner: controlRunner(),
    timeouts,
    env,
  });
}

/**
 * Waits up to `CLI_CONTROL_WAIT_MS` for the outbox, then leaves: what was not
 * claimed stays owed for the next process, a try under way is handed to its runner.
 */
export async function leaveOwedActions(outbox: ControlOutbox, waitMs = CLI_CONTROL_WAIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([outbox.idle(), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
  clearTimeout(timer);
  outbox.leave();
}

/**
 * The CLI's engine (local mode) on a data folder: payments a crash left
 * pending are resolved on open, control actions go through runners that may
 * outlive the command, and closing waits (bounded) for the actions owed.
 */
export async function openCliEngine(opts: { dataDir: string; clock: Clock; env: NodeJS.ProcessEnv }): Promise<LocalEngine> {
  const services = await openServices({ ...opts, controlTransport: cliControlTransport(opts.dataDir, opts.env) });
  return localEngineOf(services, (s) => leaveOwedActions(s.control.outbox));
}
