/** A deployment's state as a labelled badge (colour is never the only signal). */
export function StateBadge({ state, reason }: { state: string; reason?: string | null }) {
  const forCredits = state === 'paused' && reason === 'insufficient_credits';
  const text = forCredits ? 'paused · credits' : state === 'paused' && reason === 'schedule' ? 'paused · schedule' : state;
  return <span className={`badge ${forCredits ? 'danger' : state}`}>{text}</span>;
}
