import { type ReactNode, useEffect, useRef } from 'react';
import { useToasts } from '../app/toast-store';

/**
 * A modal built on <dialog>: the browser traps focus, Escape closes it and the
 * backdrop is styled in CSS (no injected styles, so the CSP stays strict).
 */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      useToasts.getState().setHost(d);
    }
    if (!open && d.open) d.close();
    if (!open && useToasts.getState().host === d) useToasts.getState().setHost(null);
  }, [open]);
  // Unmounted while open (the view changed): give the toasts back to the page.
  useEffect(() => {
    const d = ref.current;
    return () => {
      if (d && useToasts.getState().host === d) useToasts.getState().setHost(null);
    };
  }, []);
  return (
    <dialog ref={ref} aria-label={title} onClose={onClose} onCancel={onClose}>
      {open ? (
        <>
          <h2>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
