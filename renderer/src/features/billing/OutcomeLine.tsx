import type { Outcome } from './billing-store';

/** A success or decline message in plain words, announced to screen readers. */
export function OutcomeLine({ outcome, testId }: { outcome: Outcome | null; testId: string }) {
  if (!outcome) return null;
  const cls = outcome.tone === 'ok' ? 'field-ok' : outcome.tone === 'error' ? 'field-error' : 'muted';
  return (
    <p className={cls} role={outcome.tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {outcome.text}
    </p>
  );
}
