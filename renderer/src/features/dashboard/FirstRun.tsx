import { useNav } from '../../app/nav-store';

/** The three steps for an empty ledger, ticked off as they get done. */
export function FirstRun({ hasCredits, hasDeployment, hasAutoRefill }: { hasCredits: boolean; hasDeployment: boolean; hasAutoRefill: boolean }) {
  const go = useNav((s) => s.go);
  return (
    <section className="panel" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">Get started in three steps</h2>
      <ol className="steps">
        <li className={hasCredits ? 'done' : ''}>
          <span className="spacer">
            <strong>Add credits.</strong> <span className="muted">100 credits = $1. The built-in sandbox's test card works out of the box.</span>
          </span>
          <button onClick={() => go('billing')}>Add credits</button>
        </li>
        <li className={hasDeployment ? 'done' : ''}>
          <span className="spacer">
            <strong>Create a deployment.</strong> <span className="muted">Pick a model and a GPU tier; each running hour is charged at its start.</span>
          </span>
          <button onClick={() => go('deployments', 'new')}>Create deployment</button>
        </li>
        <li className={hasAutoRefill ? 'done' : ''}>
          <span className="spacer">
            <strong>Set auto-refill.</strong> <span className="muted">Top up automatically so nothing pauses for credits.</span>
          </span>
          <button onClick={() => go('billing', 'auto-refill')}>Set auto-refill</button>
        </li>
      </ol>
    </section>
  );
}
