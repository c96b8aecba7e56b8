import type { Command } from 'commander';
import { type Clock, fixedClock, parseInstant, systemClock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { openServices } from '../../compose/local-services.js';
import type { Services } from '../../core/services.js';
import { defaultDataDir } from '../data-dir.js';
import { cliControlTransport, leaveOwedActions } from './cli-control.js';
import type { Door } from '../door/door.js';
import { localDoor } from '../door/local-door.js';
import { createHandlerTable } from '../handlers/handler-table.js';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  dataDir?: string;
  now?: string;
  json?: boolean;
  /** The team server's URL (env BURNRATE_SERVER). */
  server?: string;
  /** A member's token for the team server (env BURNRATE_TOKEN). */
  token?: string;
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

/** What a command needs: the engine for the chosen data dir and clock, and output. */
export class CliContext {
  private servicesInstance: Services | null = null;
  private doorInstance: Door | null = null;
  readonly json: boolean;
  readonly dataDir: string;
  readonly clock: Clock;

  constructor(
    opts: GlobalOptions,
    readonly runtime: CliRuntime,
  ) {
    this.json = Boolean(opts.json);
    this.dataDir = opts.dataDir ?? defaultDataDir(runtime.env);
    this.clock = cliClock(opts.now, runtime.env.BURNRATE_NOW);
  }

  /** Builds the context from a command's merged global options and its run. */
  static from(cmd: Command): CliContext {
    return new CliContext(cmd.optsWithGlobals() as GlobalOptions, runtimeOf(cmd));
  }

  /** The environment this run was given (never the process's own when run in-process). */
  get env(): NodeJS.ProcessEnv {
    return this.runtime.env;
  }

  /** Opens Burnrate's services on the data dir (call once, before `engine`). */
  async open(): Promise<Services> {
    this.servicesInstance ??= await openServices({
      dataDir: this.dataDir,
      clock: this.clock,
      env: this.runtime.env,
      controlTransport: cliControlTransport(this.dataDir, this.runtime.env),
    });
    return this.servicesInstance;
  }

  /** The opened services; `runCommand` opens them before the command body runs. */
  get services(): Services {
    if (!this.servicesInstance) throw new Error('services used before open()');
    return this.servicesInstance;
  }

  /**
   * The one way a command reaches the engine: the operations of the handler
   * table (the same ones the UI calls), here run in-process on the opened services.
   */
  get door(): Door {
    this.doorInstance ??= localDoor(createHandlerTable(), { services: this.services, transport: 'cli', testControls: false, version: '', host: {} });
    return this.doorInstance;
  }

  /** The engine of the opened services. */
  get engine(): Engine {
    return this.services.engine;
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

  /** Closes the services if they were opened; a slow control hook is left to its runner (docs/deployment-control.md). */
  async close(): Promise<void> {
    if (this.servicesInstance) await leaveOwedActions(this.servicesInstance.control.outbox);
    await this.servicesInstance?.close();
    this.servicesInstance = null;
    this.doorInstance = null;
  }
}
