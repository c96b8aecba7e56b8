/**
 * Webhook endpoints of the sandbox account and their delivery queue: which
 * endpoints exist, which events each still owes, and what happened to each try.
 */
import { newId } from '../ids.js';
import type { Store } from '../store.js';

/** A signing secret as Stripe shows it: `whsec_` and at least 16 more characters (no spaces). */
const SECRET = /^whsec_[A-Za-z0-9+/=_-]{16,}$/;

/** Why an endpoint was refused (bad URL or secret); nothing was stored. */
export class WebhookEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookEndpointError';
  }
}

/** One configured endpoint (the secret never leaves the sandbox except in signatures). */
export interface WebhookEndpoint {
  id: string;
  url: string;
}

/** One delivery's state, as `GET /_sandbox/webhook_deliveries` shows it. */
export interface WebhookDelivery {
  eventId: string;
  eventType: string;
  endpointUrl: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When the next try is due (ms, the sandbox's clock); meaningful while pending. */
  nextAt: number;
  lastStatus: number | null;
  lastError: string | null;
}

/** Checks a URL and secret the way `sandbox serve --webhook-url/--webhook-secret` takes them. */
export function checkEndpoint(url: string, secret: string): void {
  const parsed = URL.parse(url);
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new WebhookEndpointError(`webhook URL must be an http:// or https:// address, got ${JSON.stringify(url)}`);
  }
  if (parsed.username || parsed.password) throw new WebhookEndpointError('webhook URL must not carry a user name or password');
  if (!SECRET.test(secret)) throw new WebhookEndpointError('webhook secret must look like whsec_ followed by at least 16 letters or digits');
}

/**
 * Adds an endpoint, or gives an existing one (same URL) the new secret. Events
 * from now on are queued for it; earlier ones are not (as with Stripe).
 */
export function upsertEndpoint(store: Store, url: string, secret: string, created: number): WebhookEndpoint {
  checkEndpoint(url, secret);
  return store.tx(() => {
    const existing = store.db.prepare('SELECT id FROM webhook_endpoints WHERE url = ?').pluck().get(url) as string | undefined;
    if (existing) {
      store.db.prepare('UPDATE webhook_endpoints SET secret = ? WHERE id = ?').run(secret, existing);
      return { id: existing, url };
    }
    const id = newId('we');
    store.db.prepare('INSERT INTO webhook_endpoints (id, url, secret, created) VALUES (?, ?, ?, ?)').run(id, url, secret, created);
    return { id, url };
  });
}

/** The account's endpoints, oldest first. */
export function listEndpoints(store: Store): WebhookEndpoint[] {
  return store.db.prepare('SELECT id, url FROM webhook_endpoints ORDER BY created, id').all() as WebhookEndpoint[];
}

/**
 * Queues a just-recorded event for every endpoint (inside the event's own
 * transaction, so an event and its deliveries commit together) and returns
 * how many: the event's `pending_webhooks`.
 */
export function queueEvent(store: Store, eventId: string, nowMs: number): number {
  return store.db
    .prepare("INSERT INTO webhook_deliveries (event_id, endpoint_id, state, next_at) SELECT ?, id, 'pending', ? FROM webhook_endpoints")
    .run(eventId, nowMs).changes;
}

/** Every delivery, oldest event first (for the developer's control route and tests). */
export function listDeliveries(store: Store): WebhookDelivery[] {
  return store.db
    .prepare(
      `SELECT d.event_id AS eventId, e.type AS eventType, w.url AS endpointUrl, d.state, d.attempts, d.next_at AS nextAt,
              d.last_status AS lastStatus, d.last_error AS lastError
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id
        ORDER BY e.seq, w.created`,
    )
    .all() as WebhookDelivery[];
}
