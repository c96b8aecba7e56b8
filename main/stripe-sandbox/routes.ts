/** The sandbox's API route table and path matching. */
import { accountRoutes } from './resources/account.js';
import { checkoutSessionRoutes } from './resources/checkout-sessions.js';
import { testHelperRoutes } from './resources/checkout-complete.js';
import { chargeRoutes } from './resources/charges.js';
import { customerRoutes } from './resources/customers.js';
import { eventRoutes } from './resources/events.js';
import { paymentIntentRoutes } from './resources/payment-intents.js';
import { paymentMethodRoutes } from './resources/payment-methods.js';
import { refundRoutes } from './resources/refunds.js';
import { setupIntentRoutes } from './resources/setup-intents.js';
import { searchRoutes } from './search.js';
import type { Route } from './types.js';

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

const TABLE: Compiled[] = [
  ...accountRoutes,
  ...searchRoutes,
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...setupIntentRoutes,
  ...chargeRoutes,
  ...checkoutSessionRoutes,
  ...refundRoutes,
  ...eventRoutes,
  ...testHelperRoutes,
].map(compile);

/** The route for a method and path, with its decoded `:name` segments; undefined if none matches. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const c of TABLE) {
    if (c.route.method !== method) continue;
    const m = c.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
    } catch {
      return undefined;
    }
    return { route: c.route, params };
  }
  return undefined;
}
