import { createPortal } from 'react-dom';
import { useToasts } from './toast-store';

/** Renders the toast stack (inside an open modal dialog, so it stays usable). */
export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  const host = useToasts((s) => s.host);
  const stack = (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'error' || t.tone === 'critical' ? 'alert' : 'status'} data-testid="toast">
          <span className="text">{t.text}</span>
          <button className="small" onClick={() => dismiss(t.id)} aria-label="Dismiss message">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
  return createPortal(stack, host ?? document.body);
}
