import { exited, type ServerProcess, startServerProcess } from '../../support/server-process.js';

/** Starts of one process before the slot gives up (each a process that exited before it listened). */
const START_ATTEMPTS = 5;

/**
 * One `burnrate server` process that the month harness kills with SIGKILL and
 * starts again (on a new port: `--port 0`). `url()` is null while it is down.
 */
export class ServerSlot {
  private current: ServerProcess | null = null;
  private restarting: Promise<void> | null = null;
  kills = 0;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * Starts the process (the first time, or again after a kill). A process that
   * exits before it listens is started again, as a supervisor would: a kill's
   * restart can overlap the PostgreSQL restart, and a server whose database
   * drops its connection while it starts exits 1 ("Connection terminated").
   */
  async up(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.current = await startServerProcess(this.args, this.env);
        return;
      } catch (err) {
        if (attempt >= START_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  url(): string | null {
    return this.current && this.current.child.exitCode === null && this.current.child.signalCode === null ? this.current.url : null;
  }

  /** True while a kill's restart is under way (a second kill then waits its turn). */
  get down(): boolean {
    return this.restarting !== null;
  }

  /** kill -9, then start a new process; resolves once it listens. Requests in flight to it fail mid-way. */
  killAndRestart(): Promise<void> {
    if (this.restarting) return this.restarting;
    const proc = this.current;
    if (!proc) return Promise.resolve();
    this.restarting = (async () => {
      const gone = exited(proc.child);
      proc.child.kill('SIGKILL');
      await gone;
      this.kills += 1;
      this.current = null;
      await this.up();
    })().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  /** Waits for a restart in flight, then stops the process cleanly (SIGTERM). */
  async stop(): Promise<void> {
    if (this.restarting) await this.restarting.catch(() => undefined);
    const proc = this.current;
    this.current = null;
    if (!proc) return;
    if (proc.child.exitCode === null && proc.child.signalCode === null) await proc.stop();
  }
}
