import type { Services } from '../core/services.js';
import type { Door } from '../host/door/door.js';
import { localDoor } from '../host/door/local-door.js';
import { createHandlerTable } from '../host/handlers/handler-table.js';
import type { HandlerContext, HandlerTable } from '../host/handlers/handler-types.js';
import { openServices, type ServicesOptions } from './local-services.js';

/**
 * The engine a host runs in this process, and the one door to it: the
 * handler table every host dispatches through (Electron IPC, the web host)
 * and, for a host that calls operations itself (the CLI), a Door over it.
 * `services` stays for what a host does around the door (the push hub's
 * snapshot, the tray's figures, the shell's wake-ups).
 */
export interface LocalEngine {
  readonly services: Services;
  /** The operations of the contract (main/host/handlers), the same table for every host. */
  readonly table: HandlerTable;
  /** A door for one host: each call runs the table in-process with this host's context (transport, abilities). */
  door(host: Omit<HandlerContext, 'services'>): Door;
  /** Closes the engine (what a host must wait for first, it does before). */
  close(): Promise<void>;
}

/** Opens the engine on one data folder (openServices' options) with its handler table: what a local host is given. */
export async function openLocalEngine(opts: ServicesOptions): Promise<LocalEngine> {
  return localEngineOf(await openServices(opts));
}

/** Wraps opened services as a host's engine; `beforeClose` runs before they close (the CLI hands its owed control actions on). */
export function localEngineOf(services: Services, beforeClose?: (services: Services) => Promise<void>): LocalEngine {
  const table = createHandlerTable();
  return {
    services,
    table,
    door: (host) => localDoor(table, { services, ...host }),
    async close() {
      await beforeClose?.(services);
      await services.close();
    },
  };
}
