import type { Clock } from './clock.js';
import { Engine } from './engine.js';

/** Options for opening everything Burnrate runs on one data folder. */
export interface ServicesOptions {
  dataDir: string;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

/**
 * The composition root: the engine plus the modules that hang off it
 * (payments, insights, alerts, reports). Every host (CLI, web host, Electron
 * shell) opens Burnrate through here, so they all wire it the same way.
 */
export interface Services {
  engine: Engine;
  close(): Promise<void>;
}

/** Opens the engine and its modules on one data folder. */
export async function openServices(opts: ServicesOptions): Promise<Services> {
  const engine = Engine.open({ dataDir: opts.dataDir, clock: opts.clock });
  return {
    engine,
    async close() {
      engine.close();
    },
  };
}
