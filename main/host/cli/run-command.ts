import { isRefused, RefusedError } from '../../core/errors.js';
import { MigrationError } from '../../core/db/migrate.js';
import { ServerUnreachableError } from '../../client/server-client.js';
import type { CliContext, CliRuntime } from './cli-context.js';
import { cliWords } from './refusal-words.js';

/** Exit codes of the CLI: 0 success, 2 refused or invalid input, 1 internal error, 3 team server unreachable (nothing changed). */
export const EXIT = { ok: 0, internal: 1, refused: 2, unreachable: 3 } as const;

/**
 * Runs a command body and maps what it throws to one clear stderr line and
 * an exit code. With --json, stdout still carries exactly one JSON value.
 */
export async function runCommand(ctx: CliContext, body: (ctx: CliContext) => Promise<void>): Promise<void> {
  try {
    await ctx.open();
    await body(ctx);
    if (ctx.clientMode && !ctx.offline) await refreshReplica(ctx);
  } catch (err) {
    reportFailure(err, ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * After a command in client mode, the synced replica catches up with what
 * it (and everyone else) changed. The command itself succeeded, so a pull
 * that fails only says so on stderr: the next command pulls again.
 */
async function refreshReplica(ctx: CliContext): Promise<void> {
  try {
    await ctx.pullReplica();
  } catch (err) {
    // A server that keeps no replica (a stand-in, an older server) is not worth a warning on every command.
    if (isRefused(err) && err.code === 'sync_unavailable') return;
    ctx.err(`burnrate: the synced replica was not updated (the next command tries again): ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/** Prints a failure on the run's streams and sets its exit code; refusals are 2, an unreachable server 3, the rest 1. */
export function reportFailure(err: unknown, to: { json: boolean; runtime: CliRuntime }): void {
  if (isReadOnlyWrite(err))
    err = new RefusedError(
      'read_only_data',
      'the data folder is read-only, and this command would change the ledger: make the folder writable (reading commands — status, ledger, export --out another folder — work as they are)',
    );
  const unreachable = err instanceof ServerUnreachableError;
  const refused = isRefused(err) || err instanceof MigrationError;
  const code = isRefused(err) || err instanceof ServerUnreachableError ? err.code : refused ? 'migration_error' : 'internal_error';
  const message = err instanceof Error ? cliWords({ code: codeOf(err) ?? code, message: err.message, data: dataOf(err) }) : String(err);
  to.runtime.stderr.write(`burnrate: ${refused || unreachable ? '' : 'internal error: '}${message}
`);
  if (to.json) to.runtime.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  to.runtime.exitCode = unreachable ? EXIT.unreachable : refused ? EXIT.refused : EXIT.internal;
}

/** A failure's own code, when it has one (refusals, a payment whose outcome is not known yet). */
function codeOf(err: Error): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A failure's facts, when it carries them (a held catch-up's gap, where a pending payment was). */
export function dataOf(err: unknown): Readonly<Record<string, unknown>> | undefined {
  const data = (err as { data?: unknown } | null | undefined)?.data;
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
}

/** SQLite refusing a write to a ledger opened read-only (a read-only data folder). */
function isReadOnlyWrite(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}
