/**
 * Named crash points for reliability tests. A test runs the CLI in a child
 * process with `BURNRATE_CRASH_AT=<point>`; reaching that point kills the
 * process at once (SIGKILL: no cleanup, no flush), as a power cut would.
 * With the variable unset, or naming another point, this does nothing.
 */

/** The crash points the payments code passes through, in order. */
export const PAYMENT_CRASH_POINTS = ['after-intent-written', 'after-stripe-call', 'after-ledger-write'] as const;

/** Kills the process here when `BURNRATE_CRASH_AT` names `point` (comma-separated names allowed). */
export function crashPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env.BURNRATE_CRASH_AT;
  if (!wanted) return;
  if (!wanted.split(',').map((s) => s.trim()).includes(point)) return;
  process.kill(process.pid, 'SIGKILL');
}
