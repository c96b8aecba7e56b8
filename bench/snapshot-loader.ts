import type { Engine } from '../main/core/engine.js';
import { basicStatus } from '../main/core/engine-status.js';

/** The dashboard snapshot to time, and where it came from. */
export interface SnapshotFn {
  source: string;
  run(engine: Engine): unknown;
}

/**
 * The insights module's `snapshot(engine)` when it is present, otherwise
 * basicStatus (what the dashboard showed before insights landed). Loaded by
 * a computed path so the bench builds whichever modules exist.
 */
export async function loadSnapshot(): Promise<SnapshotFn> {
  const candidates = ['../main/core/insights/snapshot.js', '../main/core/insights/index.js'];
  for (const rel of candidates) {
    try {
      const mod = (await import(new URL(rel, import.meta.url).href)) as { snapshot?: (e: Engine) => unknown };
      if (typeof mod.snapshot === 'function') {
        const snapshot = mod.snapshot;
        return { source: `insights ${rel.split('/').pop()}`, run: (e) => snapshot(e) };
      }
    } catch (err) {
      if (!isMissingModule(err)) throw err;
    }
  }
  return { source: 'basicStatus (insights not present)', run: (e) => basicStatus(e) };
}

function isMissingModule(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module/.test(String(err));
}
