/**
 * Named crash points for reliability tests. A test runs the CLI in a child
 * process with `BURNRATE_CRASH_AT=<point>`; reaching that point kills the
 * process at once (SIGKILL: no cleanup, no flush), as a power cut would.
 * With the variable unset, or naming another point, this does nothing.
 *
 * `<point>@N` kills at the Nth time the point is reached in this process
 * (`*@N`: the Nth crash point of any name), so a sweep can kill deep inside a
 * catch-up rather than only at the first hit. Comma-separated names allowed.
 */

/** The crash points the payments code passes through, in order. */
export const PAYMENT_CRASH_POINTS = ['after-intent-written', 'after-stripe-call', 'after-ledger-write'] as const;

/** Every named crash point in the engine (the crash sweep kills at each). */
export const ENGINE_CRASH_POINTS = [
  ...PAYMENT_CRASH_POINTS,
  'settle-before-begin',
  'settle-in-batch',
  'settle-after-commit',
  'settle-before-async',
  'settle-after-async',
  'settle-after-hooks',
  'ledger-before-insert',
  'ledger-after-insert',
  'ledger-after-listeners',
  'charge-before-advance',
  'charge-after-advance',
  'transition-before-event',
  'pause-for-credits',
  'act-before-settle',
  'act-in-transaction',
  'act-after-commit',
  'coupon-before-redemption',
  'auto-resume-each',
  'refill-before-call',
  'refill-after-call',
] as const;

interface Target {
  name: string;
  at: number;
}

let parsed: { raw: string; targets: Target[] } | null = null;
const hits = new Map<string, number>();

function targetsOf(raw: string): Target[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, n] = s.split('@');
      return { name: name!, at: n ? Math.max(1, Number(n) || 1) : 1 };
    });
}

/** Kills the process here when `BURNRATE_CRASH_AT` names `point` (and this is the named hit). */
export function crashPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env.BURNRATE_CRASH_AT;
  if (!wanted) return;
  // Parsed once per value: the engine passes some points once per charged hour.
  if (!parsed || parsed.raw !== wanted) parsed = { raw: wanted, targets: targetsOf(wanted) };
  for (const t of parsed.targets) {
    if (t.name !== point && t.name !== '*') continue;
    const key = t.name === '*' ? '*' : point;
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    if (n >= t.at) process.kill(process.pid, 'SIGKILL');
  }
}
