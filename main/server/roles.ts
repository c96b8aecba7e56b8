import type { Channel } from '../../preload/contract.js';
import type { Role } from '../core/team/roles.js';

export { isRole, roleAllows, ROLES, type Role } from '../core/team/roles.js';

/**
 * The least role each handler-table channel needs on the team server: the one
 * place this is decided (the type makes a new channel fail to compile until it
 * is given one). Viewers read; leads also run deployments, buy credits and
 * redeem coupons; admins also set auto-refill, prices, coupons, settings,
 * deployment control and members. Anything that changes what the whole org is
 * charged, or what runs on the server's machine (control commands), is admin.
 */
export const CHANNEL_ROLES: Readonly<Record<Channel, Role>> = {
  'app/info': 'viewer',
  'snapshot/get': 'viewer',
  'catalog/tiers': 'viewer',
  'catalog/sizing': 'viewer',
  'catalog/setPrice': 'admin',
  'deployments/list': 'viewer',
  'deployments/get': 'viewer',
  'deployments/bulkTargets': 'viewer',
  'deployments/create': 'lead',
  'deployments/start': 'lead',
  'deployments/pause': 'lead',
  'deployments/resume': 'lead',
  'deployments/stop': 'lead',
  'deployments/pauseAll': 'lead',
  'deployments/resumeAll': 'lead',
  'control/get': 'viewer',
  'control/test': 'lead',
  'control/set': 'admin',
  'control/clear': 'admin',
  'control/setIdle': 'admin',
  'ledger/balance': 'viewer',
  'ledger/page': 'viewer',
  'ledger/list': 'viewer',
  // Settling what fell due is what every read does first; confirming a held catch-up stays alerts/confirmCatchUp's (admin).
  'billing/tick': 'viewer',
  'billing/status': 'viewer',
  // Request counts feed idle auto-pause (which pauses deployments): a lead's; the scrape URL is fetched by the server: admin.
  'usage/import': 'lead',
  'usage/setTarget': 'admin',
  'usage/removeTarget': 'admin',
  'usage/scrape': 'lead',
  'usage/targets': 'viewer',
  'coupons/redeem': 'lead',
  // A coupon grants credits to whoever redeems it: making one, reading the codes, importing them is an admin's.
  'coupons/create': 'admin',
  'coupons/list': 'admin',
  'coupons/import': 'admin',
  'settings/get': 'viewer',
  'settings/update': 'admin',
  'payments/packs': 'viewer',
  'payments/cards': 'viewer',
  'payments/parseAmount': 'viewer',
  'payments/getAutoRefill': 'viewer',
  'payments/refillPreview': 'viewer',
  'payments/getMode': 'viewer',
  'payments/getAccount': 'viewer',
  'payments/receipt': 'viewer',
  'payments/addCard': 'lead',
  'payments/setupCard': 'lead',
  'payments/cardSetupStatus': 'lead',
  'payments/purchase': 'lead',
  'payments/checkout': 'lead',
  'payments/checkoutStatus': 'lead',
  'payments/sync': 'lead',
  // Which card auto-refill charges, and whether a card stays on file, are the org's refill policy.
  'payments/setDefaultCard': 'admin',
  'payments/removeCard': 'admin',
  'payments/removeCardReport': 'admin',
  'payments/setAutoRefill': 'admin',
  'payments/setMode': 'admin',
  'payments/setEmail': 'admin',
  'insights/analysis': 'viewer',
  'insights/suggestions': 'viewer',
  // A suggestion pauses or resizes a deployment: a lead's action.
  'insights/applySuggestion': 'lead',
  'schedules/list': 'viewer',
  'schedules/set': 'lead',
  'schedules/clear': 'lead',
  'schedules/remove': 'lead',
  'alerts/list': 'viewer',
  'alerts/getSettings': 'viewer',
  // Alerts are the org's: marking one read hides it from every member's unread count.
  'alerts/markRead': 'lead',
  'alerts/markAllRead': 'lead',
  'alerts/pending': 'viewer',
  // The notification queue is the org's, like the read marks.
  'alerts/markDelivered': 'lead',
  'alerts/setSettings': 'admin',
  // Confirming a catch-up charges up to months of hours at once.
  'alerts/confirmCatchUp': 'admin',
  'reports/export': 'viewer',
  // Desktop only (opens the user's browser); the server never routes it, but it still has a role.
  'shell/openExternal': 'viewer',
  // The desktop's own connection to a team server: never routed by the server either.
  'team/status': 'viewer',
  'team/connect': 'viewer',
  'team/disconnect': 'viewer',
};

/** The team server's own routes (not handler-table channels) and the role each needs. */
export const SERVER_ROUTE_ROLES = {
  'members/list': 'admin',
  'members/add': 'admin',
  'members/remove': 'admin',
  whoami: 'viewer',
  'sync/pull': 'viewer',
} as const satisfies Record<string, Role>;

/** A server route name. */
export type ServerRoute = keyof typeof SERVER_ROUTE_ROLES;
