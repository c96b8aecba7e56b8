import type { PushEvent, PushEvents, TeamConnectInput, TeamStatus } from '../../preload/contract.js';
import type { Clock } from '../core/clock.js';
import { isRefused, RefusedError } from '../core/errors.js';
import type { FollowChanges } from '../client/change-feed.js';
import { callServer, checkServerUrl, ServerUnreachableError, type ServerConnection } from '../client/server-client.js';
import type { TeamControl } from '../host/team/team-control.js';
import { type ConnectedEngine, openConnectedEngine } from './connected-engine.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/**
 * Where a host keeps the team server connection: the shell encrypts it with
 * safeStorage (remembered across restarts), the web host holds it in memory
 * for the run. The token never leaves the main side.
 */
export interface TeamVault {
  read(): { url: string; token: string } | null;
  write(conn: { url: string; token: string }): void;
  clear(): void;
}

/** A vault in memory only (the web host: for this run; a token from BURNRATE_TOKEN starts it filled). */
export class MemoryTeamVault implements TeamVault {
  constructor(private conn: { url: string; token: string } | null = null) {}
  read() {
    return this.conn;
  }
  write(conn: { url: string; token: string }) {
    this.conn = conn;
  }
  clear() {
    this.conn = null;
  }
}

export interface TeamSwitchOptions {
  /** The host's data folder (the replicas live in its `team/` folder). */
  dataDir: string;
  vault: TeamVault;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  follow?: FollowChanges;
  /** Called after the mode changed (the host stops or restarts its own engine's wake-ups). */
  onModeChanged?(mode: TeamStatus['mode']): void;
}

/**
 * A UI host's team server connection: local mode (the host's own engine)
 * until connected; connected, a ConnectedEngine answers everything. Connecting
 * checks the token with the server first (`whoami`): a bad token or an
 * unreachable server is refused and changes nothing.
 */
export class TeamSwitch implements TeamControl {
  private engine: ConnectedEngine | null = null;
  private readonly listeners = new Set<Listener>();
  private unsubscribe: (() => void) | null = null;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: TeamSwitchOptions) {}

  /** Connects to the remembered server, if any: offline when it cannot be reached, a refused token forgotten. */
  async start(): Promise<TeamStatus> {
    const saved = this.opts.vault.read();
    if (!saved) return this.status();
    try {
      await this.open({ url: checkServerUrl(saved.url), token: saved.token });
    } catch (err) {
      if (!isRefused(err)) throw err;
      // The server refused the token (revoked): back to local mode, saying why in the log (never the token).
      console.error(`[burnrate] the team server at ${saved.url} refused the saved token: ${err.message}`);
    }
    return this.status();
  }

  connected(): ConnectedEngine | null {
    return this.engine;
  }

  status(): TeamStatus {
    return this.engine?.status() ?? { mode: 'local' };
  }

  connect(input: TeamConnectInput): Promise<TeamStatus> {
    return this.serial(async () => {
      const conn: ServerConnection = { url: checkTeamUrl(input.url), token: input.token.trim() };
      let caller;
      try {
        caller = await callServer(conn, 'whoami', {});
      } catch (err) {
        if (err instanceof ServerUnreachableError)
          throw new RefusedError('server_unreachable', `Can't reach the team server at ${conn.url}: nothing was changed.`);
        if (isRefused(err) && err.code === 'unauthorized')
          throw new RefusedError(
            'unauthorized',
            `The team server at ${conn.url} does not know this token: check it, or ask an admin of your org for a new one.`,
          );
        if (isRefused(err)) throw err;
        throw new RefusedError('server_unreachable', `The team server at ${conn.url} did not answer as a Burnrate server: nothing was changed.`);
      }
      await this.open(conn, caller);
      this.opts.vault.write(conn);
      return this.status();
    });
  }

  disconnect(): Promise<TeamStatus> {
    return this.serial(async () => {
      await this.closeEngine();
      this.opts.vault.clear();
      this.changed();
      return this.status();
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the server (the host is closing); the saved connection stays. */
  async close(): Promise<void> {
    await this.busy.catch(() => undefined);
    await this.closeEngine();
  }

  private async open(conn: ServerConnection, caller?: Awaited<ReturnType<typeof callServer<'whoami'>>>): Promise<void> {
    const next = await openConnectedEngine({
      conn,
      dataDir: this.opts.dataDir,
      clock: this.opts.clock,
      env: this.opts.env,
      follow: this.opts.follow,
      caller,
      onStatus: () => this.emit('team/changed', this.status()),
    });
    await this.closeEngine();
    this.engine = next;
    this.unsubscribe = next.subscribe((event, payload) => this.emit(event, payload));
    this.changed();
    try {
      await next.start();
    } catch (err) {
      await this.closeEngine();
      throw err;
    }
  }

  private async closeEngine(): Promise<void> {
    const old = this.engine;
    this.engine = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await old?.close();
  }

  private changed(): void {
    this.opts.onModeChanged?.(this.status().mode);
    this.emit('team/changed', this.status());
  }

  private emit: Listener = (event, payload) => {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error('[burnrate] push subscriber failed:', err);
      }
    }
  };

  /** One connect or disconnect at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.catch(() => undefined).then(fn);
    this.busy = run;
    return run;
  }
}

/** The team server URL as typed in Settings, checked (the CLI's rule, with the Settings field's words). */
function checkTeamUrl(text: string): string {
  try {
    return checkServerUrl(text.trim());
  } catch {
    throw new RefusedError('invalid_server_url', 'The team server URL is an http:// or https:// address, e.g. https://burnrate.example.com');
  }
}
