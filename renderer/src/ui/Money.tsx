import { formatCreditsOnly, formatUsd } from '../format/credits';

/** Credits first, dollars beside: "12,345 credits · $123.45". */
export function Money({ credits, className }: { credits: number; className?: string }) {
  return (
    <span className={`num ${className ?? ''}`}>
      {formatCreditsOnly(credits)} <span className="muted">· {formatUsd(credits)}</span>
    </span>
  );
}
