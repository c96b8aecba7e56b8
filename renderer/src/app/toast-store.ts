import { create } from 'zustand';

/**
 * A toast's tone. `critical` (Burnrate could not be reached, an internal
 * fault) stays until dismissed; everything else fades: `error` (a refusal,
 * already worded for the user) after a longer read, success and info sooner.
 */
export type ToastTone = 'critical' | 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

interface ToastState {
  toasts: Toast[];
  /**
   * Where the stack renders: an open modal <dialog> makes everything outside it
   * inert, so while one is open the toasts render inside it.
   */
  host: HTMLElement | null;
  setHost(el: HTMLElement | null): void;
  push(tone: ToastTone, text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** How long a toast of `tone` stays, in ms; null: until dismissed. */
export function toastLifetime(tone: ToastTone): number | null {
  if (tone === 'critical') return null;
  return tone === 'error' ? 15_000 : 6_000;
}

/** The one place request failures (and confirmations) become visible. */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  host: null,
  setHost(el) {
    set({ host: el });
  },
  push(tone, text) {
    // The same message twice in a row (e.g. a poll failing) shows once.
    if (get().toasts.some((t) => t.text === text && t.tone === tone)) return;
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, tone, text }] }));
    const life = toastLifetime(tone);
    if (life !== null) setTimeout(() => get().dismiss(id), life);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

/** Shortcut for code outside React. */
export function toast(tone: ToastTone, text: string): void {
  useToasts.getState().push(tone, text);
}
