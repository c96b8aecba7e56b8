import { alertHandlers } from './alert-handlers.js';
import { appHandlers } from './app-handlers.js';
import { deploymentHandlers } from './deployment-handlers.js';
import type { HandlerTable } from './handler-types.js';
import { insightsHandlers } from './insights-handlers.js';
import { ledgerHandlers } from './ledger-handlers.js';
import { shellHandlers } from './shell-handlers.js';

/**
 * The one handler table every transport serves (Electron IPC, the web host).
 * Channels of modules not built yet are absent and answer `not_available`.
 */
export function createHandlerTable(): HandlerTable {
  return { ...appHandlers, ...deploymentHandlers, ...ledgerHandlers, ...insightsHandlers, ...alertHandlers, ...shellHandlers };
}
