import type { Clock } from '../core/clock.js';
import { replicaExists } from '../client/replica/replica-store.js';
import { type LocalEngine, localEngineOf } from './local-engine.js';
import { openReplicaServices } from './replica-services.js';

interface Opened {
  engine: LocalEngine;
  users: number;
  stale: boolean;
}

/**
 * The engine's read side on a connected desktop's replica, opened on first
 * use and opened again after each pull that brought changes (a fresh open
 * reads the new rows with nothing cached from before). An engine in use when
 * it goes stale is closed once its last user is done.
 */
export class ReplicaReader {
  private current: Opened | null = null;
  private opening: Promise<Opened> | null = null;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** True when the folder holds a replica that has pulled at least once. */
  exists(): boolean {
    return replicaExists(this.dir);
  }

  /** Runs `fn` on the replica's engine (refused with `no_replica` before its first pull). */
  async use<T>(fn: (engine: LocalEngine) => Promise<T>): Promise<T> {
    const opened = await this.open();
    opened.users++;
    try {
      return await fn(opened.engine);
    } finally {
      opened.users--;
      if (opened.stale && opened.users === 0) await opened.engine.close();
    }
  }

  /** The replica changed: the next use opens it afresh. */
  invalidate(): void {
    const old = this.current;
    this.current = null;
    if (!old) return;
    old.stale = true;
    if (old.users === 0) void old.engine.close().catch((err: unknown) => console.error('[burnrate] closing the replica failed:', err));
  }

  /** Closes the engine (waits for nobody: the host stops calling first). */
  async close(): Promise<void> {
    const old = this.current ?? (await this.opening?.catch(() => null)) ?? null;
    this.current = null;
    if (old && !old.stale) {
      old.stale = true;
      await old.engine.close();
    }
  }

  private async open(): Promise<Opened> {
    if (this.current) return this.current;
    this.opening ??= (async () => {
      try {
        const engine = localEngineOf(await openReplicaServices(this.dir, this.clock, this.env));
        this.current = { engine, users: 0, stale: false };
        return this.current;
      } finally {
        this.opening = null;
      }
    })();
    return this.opening;
  }
}
