/** `/_sandbox/*`: out-of-process control of the sandbox (fault injection, health). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './http-body.js';
import type { FaultControl, FaultKind, FaultMethod, FaultSettings } from './faults.js';
import type { Store } from './store.js';
import { listDeliveries } from './webhooks/endpoints.js';

/** JSON accepted by `POST /_sandbox/faults`; every field optional, applied in this order. */
export interface FaultRequest extends Partial<FaultSettings> {
  reset?: boolean;
  seed?: number;
  next?: ScriptRequest | ScriptRequest[];
}

/** One scripted fault in a FaultRequest. */
export interface ScriptRequest {
  kind: FaultKind;
  count?: number;
  pathPrefix?: string;
  method?: FaultMethod;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text ? (JSON.parse(text) as unknown) : {};
}

/** Applies a FaultRequest; throws RangeError/TypeError on bad input. */
export function applyFaultRequest(faults: FaultControl, input: unknown): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('expected a JSON object');
  const r = input as FaultRequest;
  if (r.reset) faults.reset();
  if (r.seed !== undefined) {
    if (!Number.isInteger(r.seed)) throw new TypeError('seed must be an integer');
    faults.seed(r.seed);
  }
  const settings: Partial<FaultSettings> = {};
  for (const name of ['latencyMs', 'failRate', 'rateLimitRate', 'dropRate'] as const) {
    const v = r[name];
    if (v === undefined) continue;
    if (typeof v !== 'number') throw new TypeError(`${name} must be a number`);
    settings[name] = v;
  }
  faults.set(settings);
  const scripts = r.next === undefined ? [] : Array.isArray(r.next) ? r.next : [r.next];
  for (const s of scripts) {
    const opts = {
      ...(s.pathPrefix !== undefined ? { pathPrefix: String(s.pathPrefix) } : {}),
      ...(s.method !== undefined ? { method: s.method } : {}),
    };
    if (opts.method !== undefined && !['GET', 'POST', 'DELETE', 'ANY'].includes(opts.method)) {
      throw new RangeError('method must be GET, POST, DELETE or ANY');
    }
    faults.next(s.kind, s.count ?? 1, opts);
  }
}

/**
 * Serves `/_sandbox/health`, `/_sandbox/webhook_deliveries` (GET) and `/_sandbox/faults` (GET state, POST changes;
 * 403 in the app's own sandbox, whose faults are locked).
 * POST must be `application/json`: a browser page cannot send that cross-site
 * without a preflight the sandbox never grants, so web pages cannot inject faults.
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, faults: FaultControl, path: string, store: Store): Promise<void> {
  if (path === '/_sandbox/health' && req.method === 'GET') return json(res, 200, { ok: true });
  if (path === '/_sandbox/webhook_deliveries') {
    // Event ids and answers of the account's receivers: a developer's sandbox only, like the faults.
    if (faults.isLocked) return json(res, 403, { error: { message: "The app's own sandbox does not list its webhook deliveries." } });
    if (req.method !== 'GET') return json(res, 405, { error: { message: 'Use GET' } });
    return json(res, 200, { data: listDeliveries(store) });
  }
  if (path !== '/_sandbox/faults') return json(res, 404, { error: { message: `Unknown sandbox route ${path}` } });
  if (faults.isLocked) {
    return json(res, 403, {
      error: { message: "Fault switches are off in the app's own sandbox. For fault injection run `burnrate sandbox serve` (a developer's sandbox)." },
    });
  }
  if (req.method === 'GET') return json(res, 200, faults.snapshot());
  if (req.method !== 'POST') return json(res, 405, { error: { message: 'Use GET or POST' } });
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return json(res, 415, { error: { message: 'Content-Type must be application/json' } });
  }
  try {
    applyFaultRequest(faults, await readJson(req));
  } catch (err) {
    return json(res, 400, { error: { message: err instanceof Error ? err.message : String(err) } });
  }
  return json(res, 200, faults.snapshot());
}
