import { alertHandlers } from './alert-handlers.js';
import { appHandlers } from './app-handlers.js';
import { billingHandlers } from './billing-handlers.js';
import { deploymentHandlers } from './deployment-handlers.js';
import { controlHandlers } from './control-handlers.js';
import { couponHandlers } from './coupon-handlers.js';
import type { HandlerTable } from './handler-types.js';
import { insightsHandlers } from './insights-handlers.js';
import { ledgerHandlers } from './ledger-handlers.js';
import { paymentHandlers } from './payment-handlers.js';
import { paymentModeHandlers } from './payment-mode-handlers.js';
import { refillPreviewHandlers } from './refill-preview-handlers.js';
import { reportHandlers } from './report-handlers.js';
import { shellHandlers } from './shell-handlers.js';
import { usageHandlers } from './usage-handlers.js';

/**
 * The one handler table every transport serves (Electron IPC, the web host).
 * A channel missing here answers `not_available`.
 */
export function createHandlerTable(): HandlerTable {
  return {
    ...appHandlers,
    ...deploymentHandlers,
    ...controlHandlers,
    ...ledgerHandlers,
    ...couponHandlers,
    ...billingHandlers,
    ...insightsHandlers,
    ...alertHandlers,
    ...paymentHandlers,
    ...paymentModeHandlers,
    ...refillPreviewHandlers,
    ...reportHandlers,
    ...usageHandlers,
    ...shellHandlers,
  };
}
