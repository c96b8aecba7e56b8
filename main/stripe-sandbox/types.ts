/** Shared shapes for the sandbox: JSON values, parsed request params, routes. */
import type { Store } from './store.js';

/** A JSON value as stored in the sandbox database and sent on the wire. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object (every Stripe resource is one). */
export type JsonObject = { [key: string]: Json };

/** A form-decoded request parameter: Stripe's encoding only carries strings, nested. */
export type Param = string | Param[] | { [key: string]: Param };
/** The top level of decoded request parameters. */
export type Params = { [key: string]: Param };

/** Everything a resource handler may touch while serving one request. */
export interface Ctx {
  store: Store;
  /** Unix seconds from the injected clock, fixed for the whole request. */
  now: number;
  /** Null for changes nobody asked for (automatic expiry), like Stripe. */
  requestId: string | null;
  idempotencyKey: string | null;
  apiVersion: string | null;
}

/** What a handler answers; errors that changed state are answers too (e.g. card declines). */
export interface ApiResult {
  status: number;
  body: JsonObject;
}

/** One API route: method, path pattern with `:name` segments, and its handler. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: (ctx: Ctx, params: Params, path: Record<string, string>) => ApiResult;
}

/** Stored URLs use this placeholder so they follow the server to whatever port it gets next. */
export const SANDBOX_URL = '__BURNRATE_SANDBOX_URL__';
