import { create } from 'zustand';
import { request, requestOptional, subscribe } from '../api/client';
import type { AppInfo, Snapshot } from '../api/types';

interface SnapshotState {
  snapshot: Snapshot | null;
  info: AppInfo | null;
  /** performance.now() when the snapshot arrived: countdowns add wall time elapsed since. */
  receivedAt: number;
  /** Bumps on every change the engine reports; feature views reload on it. */
  version: number;
  load(): Promise<void>;
  start(): () => void;
}

/** The balance slice: the engine's headline figures, kept live by `snapshot/changed`. */
export const useSnapshot = create<SnapshotState>((set, get) => ({
  snapshot: null,
  info: null,
  receivedAt: 0,
  version: 0,
  async load() {
    const [snapshot, info] = await Promise.all([request('snapshot/get', {}), get().info ?? requestOptional('app/info', {})]);
    set((s) => ({ snapshot, info, receivedAt: performance.now(), version: s.version + 1 }));
  },
  start() {
    get()
      .load()
      .catch(() => undefined);
    const off = subscribe('snapshot/changed', (snapshot) => {
      set((s) => ({ snapshot, receivedAt: performance.now(), version: s.version + 1 }));
    });
    // The engine's clock keeps moving between events: a slow poll keeps
    // countdowns and settled charges fresh even if an event is missed.
    const timer = setInterval(
      () =>
        get()
          .load()
          .catch(() => undefined),
      60_000,
    );
    return () => {
      off();
      clearInterval(timer);
    };
  },
}));

/**
 * The engine's "now" in epoch ms: the snapshot's reading plus wall time since it
 * arrived (selects stable values only; the sum is computed at render).
 */
export function useEngineNow(): number {
  const at = useSnapshot((s) => s.snapshot?.at);
  const receivedAt = useSnapshot((s) => s.receivedAt);
  if (!at) return Date.now();
  return Date.parse(at) + Math.max(0, performance.now() - receivedAt);
}
