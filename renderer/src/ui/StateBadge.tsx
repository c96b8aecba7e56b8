/** Why a deployment is paused, in words under the badge (the user's own pause needs none). */
const REASON: Record<string, string> = { insufficient_credits: 'for credits', schedule: 'by schedule', idle: 'while idle' };

/**
 * A deployment's state as a labelled badge (colour is never the only signal).
 * The pause reason goes on its own line below: a one-line "paused · credits"
 * pill was the widest thing in the table and pushed it sideways at 900×600.
 */
export function StateBadge({ state, reason }: { state: string; reason?: string | null }) {
  const forCredits = state === 'paused' && reason === 'insufficient_credits';
  const why = state === 'paused' && reason ? REASON[reason] : undefined;
  return (
    <span className="state">
      <span className={`badge ${forCredits ? 'danger' : state}`}>{state}</span>
      {why ? <span className={`small ${forCredits ? 'danger-text' : 'muted'}`}>{why}</span> : null}
    </span>
  );
}
