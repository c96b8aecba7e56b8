import type { AlertSeverity } from '../api/types';

const LABEL: Record<AlertSeverity, string> = { critical: 'critical', warning: 'warning', info: 'info' };

/**
 * The severity as an inline SVG shape (octagon, triangle, circle) in the
 * text colour: emoji such as ⛔ render as an empty box where no emoji font is
 * installed (Debian's Chromium), and a shape also differs by more than colour.
 */
export function SeverityIcon({ severity, label = true }: { severity: AlertSeverity; label?: boolean }) {
  const a11y = label ? { role: 'img', 'aria-label': LABEL[severity] } : { 'aria-hidden': true as const };
  return (
    <svg className={`sev-icon sev-${severity}`} viewBox="0 0 16 16" width="16" height="16" focusable="false" data-severity={severity} {...a11y}>
      {severity === 'critical' ? <polygon points="5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5" fill="currentColor" /> : null}
      {severity === 'warning' ? <polygon points="8,1 15.5,14.5 0.5,14.5" fill="currentColor" /> : null}
      {severity === 'info' ? <circle cx="8" cy="8" r="7" fill="currentColor" /> : null}
      {severity === 'info' ? (
        <>
          <rect x="7" y="7" width="2" height="5" className="mark" />
          <rect x="7" y="4" width="2" height="2" className="mark" />
        </>
      ) : severity === 'critical' ? (
        <rect x="4" y="7" width="8" height="2" className="mark" />
      ) : (
        <>
          <rect x="7" y="5.5" width="2" height="5" className="mark" />
          <rect x="7" y="11.5" width="2" height="2" className="mark" />
        </>
      )}
    </svg>
  );
}
