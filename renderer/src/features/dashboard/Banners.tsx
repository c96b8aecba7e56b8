import type { Banner } from '../../api/types';
import { useNav } from '../../app/nav-store';
import { SeverityIcon } from '../../ui/SeverityIcon';

/** Shown only when action is needed; each banner has exactly one button. */
export function Banners({ banners }: { banners: Banner[] }) {
  const go = useNav((s) => s.go);
  if (banners.length === 0) return null;
  return (
    <div className="stack" data-testid="banners">
      {banners.map((b) => (
        <div key={b.kind} className={`banner ${b.kind === 'paused_for_credits' || b.kind === 'authentication_required' ? 'danger' : 'warn'}`} role="alert">
          <SeverityIcon severity={b.kind === 'paused_for_credits' || b.kind === 'authentication_required' ? 'critical' : 'warning'} label={false} />
          <span className="text">{b.message}</span>
          <button
            className="primary"
            onClick={() => go(b.action.view, b.kind === 'auto_refill_disabled' || b.kind === 'authentication_required' ? 'auto-refill' : null)}
          >
            {b.action.label}
          </button>
        </div>
      ))}
    </div>
  );
}
