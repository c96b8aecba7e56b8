import type { ReactNode } from 'react';

/** One headline figure: label, big value, a line of context. */
export function Figure({ label, value, sub, testId }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <section className="panel figure" aria-label={label} data-testid={testId}>
      <h3>{label}</h3>
      <div className="value">{value}</div>
      {sub ? <div className="sub">{sub}</div> : null}
    </section>
  );
}
