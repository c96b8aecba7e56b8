import type { ControlView as ControlViewDto } from '../../preload/contract.js';
import { isoOrNull } from '../core/calendar.js';
import type { ControlView } from '../core/control/deployment-control.js';
import { redactUrl, redactUrlsIn } from '../core/control/redact-url.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const shown = (url: string | null): string | null => (url === null ? null : redactUrl(url));

/**
 * A control view for the CLI and the contract: ISO times, and never a secret
 * (the core never reads it here); URLs lose their query string and user:password
 * (a token may sit there), in the control and in every try's detail.
 */
export function controlViewDto(v: ControlView, idleAfterMinutes: number | null): ControlViewDto {
  const c = v.control;
  return {
    deploymentId: v.deploymentId,
    control: !c
      ? null
      : c.kind === 'command'
        ? { kind: 'command', command: c.command, args: c.args, verifyUrl: shown(c.verifyUrl), updatedAt: iso(c.updatedAt) }
        : { kind: 'webhook', url: redactUrl(c.url), hasSecret: c.hasSecret, verifyUrl: shown(c.verifyUrl), updatedAt: iso(c.updatedAt) },
    idleAfterMinutes,
    history: v.history.map((a) => ({
      id: a.id,
      action: a.action,
      reason: a.reason,
      key: a.key,
      at: iso(a.at),
      status: a.status,
      attempts: a.attempts,
      nextAttemptAt: isoOrNull(a.nextAttemptAt),
      finishedAt: isoOrNull(a.finishedAt),
      verify: a.verify,
      verifyDeadline: isoOrNull(a.verifyDeadline),
      verifiedAt: isoOrNull(a.verifiedAt),
      tries: a.tries.map((t) => ({
        n: t.n,
        startedAt: iso(t.startedAt),
        finishedAt: isoOrNull(t.finishedAt),
        outcome: t.outcome,
        detail: redactUrlsIn(t.detail),
      })),
    })),
  };
}

/** The history as lines for the CLI: "2026-03-02T02:00:00.000Z  pause (schedule)  succeeded  1 try: exit 0  verify ok". */
export function controlHistoryLines(v: ControlViewDto): string[] {
  return v.history.map((a) => {
    const last = a.tries[a.tries.length - 1];
    const tries = `${a.attempts} ${a.attempts === 1 ? 'try' : 'tries'}${last ? `: ${last.detail || '(no answer yet)'}` : ''}`;
    const next = a.status === 'pending' && a.nextAttemptAt ? `  next try ${a.nextAttemptAt}` : '';
    return `${a.at}  ${a.action} (${a.reason})  ${a.status}  ${tries}${a.verify ? `  verify ${a.verify}` : ''}${next}`;
  });
}
