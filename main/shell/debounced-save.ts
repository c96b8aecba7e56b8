/**
 * Saves window bounds at most once per quiet spell: `move` and `resize` fire
 * dozens of times a second while dragging, and each electron-store write
 * rewrites the preferences file. `flush` writes now (the window is closing).
 */
export interface DebouncedSave {
  /** Asks for a save after `delayMs` without further requests. */
  schedule(): void;
  /** Saves now and drops a pending save. */
  flush(): void;
}

/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Wraps `save` so bursts of requests write once, `delayMs` after the last. */
export function debouncedSave(save: () => void, delayMs: number, timers: Timers = realTimers): DebouncedSave {
  let pending: unknown = null;
  const cancel = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
  };
  return {
    schedule() {
      cancel();
      pending = timers.setTimeout(() => {
        pending = null;
        save();
      }, delayMs);
    },
    flush() {
      cancel();
      save();
    },
  };
}
