import type { ControlView } from '../../api/types';
import { formatDateTime } from '../../format/time';

type Action = ControlView['history'][number];

/** Why an action was sent, in words (the CLI and the hook's BURNRATE_REASON keep the codes). */
const REASON: Record<string, string> = {
  user: 'by hand',
  schedule: 'schedule',
  insufficient_credits: 'out of credits',
  credits_added: 'credits added',
  idle: 'idle',
};

/** The reason of an action as the history shows it. */
export function reasonText(reason: string): string {
  return REASON[reason] ?? reason;
}

/**
 * The outcome cell: status, check, tries, the next try. Only a deployment's
 * latest action is checked (docs/deployment-control.md): an older one whose
 * check was still pending when the next state change came will never be
 * checked, so it says so instead of "verify pending" for good.
 */
export function outcomeText(a: Action, latest: boolean, timeZone: string | undefined): string {
  const verify = a.verify === 'pending' && !latest ? 'not checked (a later action followed)' : a.verify ? `verify ${a.verify}` : null;
  return [
    a.status,
    verify,
    a.attempts > 1 ? `${a.attempts} tries` : null,
    a.status === 'pending' && a.nextAttemptAt ? `next try ${formatDateTime(a.nextAttemptAt, timeZone)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The id of the action the verify checks follow: the newest one not superseded (history is newest first). */
export function checkedActionId(history: readonly Action[]): number | null {
  return history.find((a) => a.status !== 'superseded')?.id ?? null;
}
