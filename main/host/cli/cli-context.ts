import type { Command } from 'commander';
import { type Clock, fixedClock, systemClock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { openServices, type Services } from '../../core/services.js';
import { defaultDataDir } from '../data-dir.js';
import { parseInstant } from './parse.js';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  dataDir?: string;
  now?: string;
  json?: boolean;
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
    const nowText = opts.now ?? env.BURNRATE_NOW;
    this.clock = nowText ? fixedClock(parseInstant(nowText, '--now')) : systemClock;
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
