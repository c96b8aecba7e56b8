import type { Channel, PushEvent } from './contract.js';

/**
 * The runtime list of request channels. The preload exposes exactly these and
 * the gate registers exactly these; the type below fails to compile when the
 * list and the contract drift apart.
 */
export const CHANNELS = [
  'app/info',
  'snapshot/get',
  'catalog/tiers',
  'catalog/sizing',
  'catalog/setPrice',
  'deployments/list',
  'deployments/get',
  'deployments/create',
  'deployments/start',
  'deployments/pause',
  'deployments/resume',
  'deployments/stop',
  'deployments/pauseAll',
  'deployments/resumeAll',
  'deployments/bulkTargets',
  'control/get',
  'control/set',
  'control/clear',
  'control/test',
  'control/setIdle',
  'ledger/balance',
  'ledger/page',
  'ledger/list',
  'billing/tick',
  'billing/status',
  'coupons/redeem',
  'coupons/create',
  'coupons/list',
  'coupons/import',
  'settings/get',
  'settings/update',
  'payments/packs',
  'payments/cards',
  'payments/addCard',
  'payments/setupCard',
  'payments/cardSetupStatus',
  'payments/removeCard',
  'payments/removeCardReport',
  'payments/setDefaultCard',
  'payments/purchase',
  'payments/checkout',
  'payments/parseAmount',
  'payments/checkoutStatus',
  'payments/receipt',
  'payments/getAutoRefill',
  'payments/setAutoRefill',
  'payments/refillPreview',
  'payments/sync',
  'payments/getMode',
  'payments/setMode',
  'payments/getAccount',
  'payments/setEmail',
  'insights/analysis',
  'insights/suggestions',
  'insights/applySuggestion',
  'schedules/list',
  'schedules/set',
  'schedules/clear',
  'schedules/remove',
  'alerts/list',
  'alerts/markRead',
  'alerts/markAllRead',
  'alerts/pending',
  'alerts/markDelivered',
  'alerts/getSettings',
  'alerts/setSettings',
  'alerts/confirmCatchUp',
  'usage/import',
  'usage/setTarget',
  'usage/removeTarget',
  'usage/scrape',
  'usage/targets',
  'reports/export',
  'shell/openExternal',
  'team/status',
  'team/connect',
  'team/disconnect',
] as const satisfies readonly Channel[];

/** Every pushed event name. */
export const PUSH_EVENTS = ['snapshot/changed', 'alerts/raised', 'app/navigate', 'reports/progress', 'team/changed'] as const satisfies readonly PushEvent[];

// Compile-time check that no channel or event is missing from the lists above.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allChannels: [Missing<Channel, (typeof CHANNELS)[number]>] extends [never] ? true : never = true;
const _allEvents: [Missing<PushEvent, (typeof PUSH_EVENTS)[number]>] extends [never] ? true : never = true;
void _allChannels;
void _allEvents;

/** True when `name` is a request channel of the contract. */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}

/** True when `name` is a pushed event of the contract. */
export function isPushEvent(name: unknown): name is PushEvent {
  return typeof name === 'string' && (PUSH_EVENTS as readonly string[]).includes(name);
}
