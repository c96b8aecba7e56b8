import type { Command } from 'commander';
import { type Clock, fixedClock, parseInstant, systemClock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { openServices, type Services } from '../../core/services.js';
import { defaultDataDir } from '../data-dir.js';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  dataDir?: string;
  now?: string;
  json?: boolean;
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

/** What a command needs: the engine for the chosen data dir and clock, and output. */
export class CliContext {
  private servicesInstance: Services | null = null;
  readonly json: boolean;
  readonly dataDir: string;
  readonly clock: Clock;

  constructor(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
    this.json = Boolean(opts.json);
    this.dataDir = opts.dataDir ?? defaultDataDir(env);
    this.clock = cliClock(opts.now, env.BURNRATE_NOW);
  }

  /** Builds the context from a command's merged global options. */
  static from(cmd: Command): CliContext {
    return new CliContext(cmd.optsWithGlobals() as GlobalOptions);
  }

  /** Opens Burnrate's services on the data dir (call once, before `engine`). */
  async open(): Promise<Services> {
    this.servicesInstance ??= await openServices({ dataDir: this.dataDir, clock: this.clock });
    return this.servicesInstance;
  }

  /** The opened services; `runCommand` opens them before the command body runs. */
  get services(): Services {
    if (!this.servicesInstance) throw new Error('services used before open()');
    return this.servicesInstance;
  }

  /** The engine of the opened services. */
  get engine(): Engine {
    return this.services.engine;
  }

  /** Prints one JSON value with --json, otherwise the human text. */
  print(value: unknown, human: () => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  /** Closes the services if they were opened. */
  async close(): Promise<void> {
    await this.servicesInstance?.close();
    this.servicesInstance = null;
  }
}
