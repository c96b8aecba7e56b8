import type { Command } from 'commander';
import { type Clock, fixedClock, parseInstant, systemClock } from '../../core/clock.js';
import { openCliEngine } from '../../compose/cli-engine.js';
import { type LocalEngine, localEngineOf } from '../../compose/local-engine.js';
import { defaultDataDir } from '../data-dir.js';
import type { Door } from '../door/door.js';
import { remoteDoor } from '../door/remote-door.js';
import type { HostCapabilities } from '../handlers/handler-types.js';
import type { ServerConnection } from '../../client/server-client.js';
import { serverConnection, serverUrlOf } from './server-connection.js';
import { openReplicaServices } from '../../compose/replica-services.js';
import { pullReplica, type PullReport } from '../../client/replica/pull-replica.js';
import { replicaDoor } from '../door/replica-door.js';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  dataDir?: string;
  now?: string;
  json?: boolean;
  /** The team server's URL (env BURNRATE_SERVER). */
  server?: string;
  /** A member's token for the team server (env BURNRATE_TOKEN). */
  token?: string;
  /** Client mode: work from the synced replica in the data dir, with no network. */
  offline?: boolean;
}

/**
 * The clock of one invocation: `--now` when given (an empty `--now ""` is
 * refused, never read as "no clock given"), else BURNRATE_NOW when set and not
 * empty (scripts and test helpers pass an empty one to mean unset), else the
 * machine's clock.
 */
export function cliClock(flag: string | undefined, envNow: string | undefined): Clock {
  if (flag !== undefined) return fixedClock(parseInstant(flag, '--now'));
  if (envNow !== undefined && envNow !== '') return fixedClock(parseInstant(envNow, 'BURNRATE_NOW'));
  return systemClock;
}

/** A stream the CLI writes to: the process's own for `bin/burnrate`, a buffer when run in-process. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  hasColors?: () => boolean;
}

/** Where one CLI run writes. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
}

/**
 * Everything one run reads from and writes to the world besides its data
 * folder, so runs in one process never share state: the environment it was
 * given, its two streams, and the exit code it ends with.
 */
export interface CliRuntime extends CliIo {
  env: NodeJS.ProcessEnv;
  exitCode: number;
}

const runtimes = new WeakMap<Command, CliRuntime>();

/** Ties a program (the root command) to the run it serves. */
export function attachRuntime(program: Command, runtime: CliRuntime): void {
  runtimes.set(program, runtime);
}

/** The run a command belongs to (looked up on its root command). */
export function runtimeOf(cmd: Command): CliRuntime {
  let root = cmd;
  while (root.parent) root = root.parent;
  const runtime = runtimes.get(root);
  if (!runtime) throw new Error('a CLI command ran outside runCliInProcess');
  return runtime;
}

/** "deploy control set" for a command (its names below the program). */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * What a command needs: the door to the engine for the chosen data dir and
 * clock, and output. In client mode (`--server` or BURNRATE_SERVER) the door
 * is the team server's (or, for reads with --offline and for exports, the
 * synced replica's) and no local ledger is opened.
 */
export class CliContext {
  private local: LocalEngine | null = null;
  private doorInstance: Door | null = null;
  private connection: ServerConnection | null = null;
  private replicaInstance: LocalEngine | null = null;
  readonly json: boolean;
  readonly dataDir: string;
  readonly clock: Clock;
  /** True when this run works against a team server. */
  readonly clientMode: boolean;
  /** Client mode with --offline: reads come from the synced replica, nothing goes to the server. */
  readonly offline: boolean;

  constructor(
    private readonly opts: GlobalOptions,
    readonly runtime: CliRuntime,
    /** The command's name, e.g. "deploy list" (words refusals). */
    readonly command = 'this command',
  ) {
    this.json = Boolean(opts.json);
    this.dataDir = opts.dataDir ?? defaultDataDir(runtime.env);
    this.clientMode = serverUrlOf(opts, runtime.env) !== undefined;
    this.offline = this.clientMode && Boolean(opts.offline);
    this.clock = cliClock(opts.now, runtime.env.BURNRATE_NOW);
  }

  /** Builds the context from a command's merged global options and its run. */
  static from(cmd: Command): CliContext {
    return new CliContext(cmd.optsWithGlobals() as GlobalOptions, runtimeOf(cmd), commandPath(cmd));
  }

  /** The team server this run talks to (client mode only; refused when the token or URL is missing or bad). */
  get server(): ServerConnection {
    this.connection ??= serverConnection(this.opts, this.runtime.env, this.command);
    return this.connection;
  }

  /** The environment this run was given (never the process's own when run in-process). */
  get env(): NodeJS.ProcessEnv {
    return this.runtime.env;
  }

  /**
   * Opens the engine on the data dir, as the composition root builds it for
   * the CLI (call once, before `door`). In client mode it opens nothing and
   * only checks the server connection; with --offline it opens the synced
   * replica instead (refused when there is none).
   */
  async open(): Promise<void> {
    if (this.offline) return this.replica();
    if (this.clientMode) {
      void this.server;
      return;
    }
    this.local ??= await openCliEngine({ dataDir: this.dataDir, clock: this.clock, env: this.runtime.env });
  }

  /** The local engine `open()` opened (never in client mode: there every call goes to the server or the replica). */
  private get localEngine(): LocalEngine {
    if (this.clientMode) throw new Error('the local engine was reached in client mode');
    if (!this.local) throw new Error('the engine used before open()');
    return this.local;
  }

  /**
   * The one way a command reaches the engine: the operations of the handler
   * table (the same ones the UI calls), run in-process on the opened services,
   * or in client mode sent to the team server.
   */
  get door(): Door {
    if (this.offline)
      return (this.doorInstance ??= replicaDoor(this.openedReplica.table, {
        services: this.openedReplica.services,
        transport: 'cli',
        testControls: false,
        version: '',
        host: {},
      }));
    if (this.clientMode) return (this.doorInstance ??= remoteDoor(this.server));
    this.doorInstance ??= this.localEngine.door({ transport: 'cli', testControls: false, version: '', host: {} });
    return this.doorInstance;
  }

  /**
   * A door whose host can do what `host` offers (an export's save path and
   * progress). In client mode it opens on the synced replica (caught up first
   * unless --offline), since the server writes no files for a client.
   */
  async doorWith(host: HostCapabilities): Promise<Door> {
    if (!this.clientMode) return this.localEngine.door({ transport: 'cli', testControls: false, version: '', host });
    await this.replica();
    return replicaDoor(this.openedReplica.table, { services: this.openedReplica.services, transport: 'cli', testControls: false, version: '', host });
  }

  /**
   * Client mode: the engine's read side on the synced replica in the data
   * dir (exports, and every read with --offline). Online, the replica is
   * first caught up with the server (unreachable: exit 3).
   */
  async replica(): Promise<void> {
    if (!this.replicaInstance) {
      if (!this.offline) await this.pullReplica();
      this.replicaInstance = localEngineOf(await openReplicaServices(this.dataDir, this.clock, this.runtime.env));
    }
  }

  private get openedReplica(): LocalEngine {
    if (!this.replicaInstance) throw new Error('the replica used before open()');
    return this.replicaInstance;
  }

  /** Catches the synced replica in the data dir up with the server (client mode, online). */
  pullReplica(): Promise<PullReport> {
    return pullReplica(this.server, this.dataDir, this.clock);
  }

  /** Prints one JSON value with --json, otherwise the human text. */
  print(value: unknown, human: () => string): void {
    this.out(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  /** Writes raw text to this run's stdout. */
  out(text: string): void {
    this.runtime.stdout.write(text);
  }

  /** Writes raw text to this run's stderr (progress, hints; never the one JSON value). */
  err(text: string): void {
    this.runtime.stderr.write(text);
  }

  /** Closes the engine if it was opened; a slow control hook is left to its runner (docs/deployment-control.md). */
  async close(): Promise<void> {
    await this.local?.close();
    await this.replicaInstance?.close();
    this.local = null;
    this.replicaInstance = null;
    this.doorInstance = null;
  }
}
