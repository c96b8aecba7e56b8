/**
 * The sandbox's own "return to Burnrate" pages, and keeping links to them
 * port-free: the in-process sandbox gets a new port each run, so a
 * `success_url` or `return_url` naming one of these pages on loopback is
 * stored with the placeholder and follows the server (like Checkout URLs),
 * and a request re-sent after a restart under the same idempotency key still
 * carries the same parameters.
 */
import { dict } from './params.js';
import { type Param, type Params, SANDBOX_URL } from './types.js';

/** Paths of the pages a payment returns to (pages.ts serves them). */
export const RETURN_PAGES = { checkout: '/checkout/return', payment: '/payments/return' } as const;

/** A loopback origin followed by one of RETURN_PAGES (the lookahead keeps the path). */
const OWN_PAGE = new RegExp(
  `^http://(?:127\\.0\\.0\\.1|localhost):\\d{1,5}(?=${Object.values(RETURN_PAGES)
    .map((p) => `${p}(?:[?#]|$)`)
    .join('|')})`,
);

function pin(value: Param): Param {
  if (typeof value === 'string') return value.replace(OWN_PAGE, SANDBOX_URL);
  if (Array.isArray(value)) return value.map(pin);
  // Null-prototype like parseForm's output (Object.fromEntries would give the params Object.prototype back).
  const out = dict<Param>();
  for (const [k, v] of Object.entries(value)) out[k] = pin(v);
  return out;
}

/** Request parameters with every loopback link to a sandbox return page made port-free. */
export function pinOwnPages(params: Params): Params {
  return pin(params) as Params;
}
