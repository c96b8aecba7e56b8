import { create } from 'zustand';

/** A toast's tone: errors stay until dismissed, the rest fade. */
export type ToastTone = 'error' | 'success' | 'info';

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
const FADE_MS = 6000;

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
    if (tone !== 'error') setTimeout(() => get().dismiss(id), FADE_MS);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

/** Shortcut for code outside React. */
export function toast(tone: ToastTone, text: string): void {
  useToasts.getState().push(tone, text);
}
