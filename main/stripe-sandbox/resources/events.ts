/** Events: every state change is recorded with a snapshot of the object, listed newest first. */
import { invalidParam, noSuch } from '../errors.js';
import { newId } from '../ids.js';
import { LIST_PARAMS, listPage, type Condition } from '../list-params.js';
import { allowOnly, list, str } from '../params.js';
import type { ApiResult, Ctx, JsonObject, Params, Route } from '../types.js';
import { queueEvent } from '../webhooks/endpoints.js';

/**
 * An event's `created`: the clock, but never earlier than the newest event the
 * account has. The clock may step back (the app's `--now`, or `sandbox serve`
 * on the system clock sharing the file), and a reader that asks for "events
 * after the last one I saw" must still get every new event.
 */
function eventCreated(ctx: Ctx): number {
  const newest = ctx.store.db.prepare('SELECT MAX(created) FROM events').pluck().get() as number | null;
  return Math.max(ctx.now, newest ?? 0);
}

/** Records an event about `object` (a snapshot taken now); `previous` holds changed fields' old values. */
export function emit(ctx: Ctx, type: string, object: JsonObject, previous?: JsonObject): JsonObject {
  const created = eventCreated(ctx);
  const event: JsonObject = {
    id: newId('evt'),
    object: 'event',
    api_version: ctx.apiVersion,
    created,
    data: previous ? { object: structuredClone(object), previous_attributes: previous } : { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 0,
    request: { id: ctx.requestId, idempotency_key: ctx.requestId ? ctx.idempotencyKey : null },
    type,
  };
  ctx.store.db.prepare('INSERT INTO events (id, type, created, data) VALUES (?, ?, ?, ?)').run(event.id, type, created, JSON.stringify(event));
  const pending = queueEvent(ctx.store, event.id as string, ctx.now * 1000);
  if (pending > 0) {
    event.pending_webhooks = pending;
    ctx.store.db.prepare('UPDATE events SET data = ? WHERE id = ?').run(JSON.stringify(event), event.id);
  }
  return event;
}

/** The old values of the fields that differ between two snapshots, for `previous_attributes`. */
export function changedFields(before: JsonObject, after: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(after)) {
    const old = before[key] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(after[key])) out[key] = old;
  }
  return out;
}

/** `type=payment_intent.*` style filters become a LIKE pattern. */
function typeCondition(pattern: string): Condition {
  if (!pattern.includes('*')) return { sql: 'type = ?', args: [pattern] };
  const like = pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
  return { sql: "type LIKE ? ESCAPE '\\'", args: [like] };
}

function listEvents(ctx: Ctx, params: Params): ApiResult {
  allowOnly(params, [...LIST_PARAMS, 'type', 'types', 'delivery_success']);
  const type = str(params.type, 'type');
  const types = list(params.types, 'types').map((t, i) => str(t, `types[${i}]`, true) as string);
  if (type && types.length) throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
  if (types.length > 20) throw invalidParam('types', 'You may pass at most 20 event types.');
  const where: Condition[] = [];
  if (type) where.push(typeCondition(type));
  if (types.length) {
    const parts = types.map(typeCondition);
    where.push({ sql: `(${parts.map((p) => p.sql).join(' OR ')})`, args: parts.flatMap((p) => p.args) });
  }
  return { status: 200, body: listPage(ctx, params, { table: 'events', where, url: '/v1/events', what: 'event' }) };
}

/** Routes: list and retrieve events. */
export const eventRoutes: Route[] = [
  { method: 'GET', path: '/v1/events', handler: listEvents },
  {
    method: 'GET',
    path: '/v1/events/:id',
    handler: (ctx, params, { id = '' }) => {
      allowOnly(params, []);
      const data = ctx.store.db.prepare('SELECT data FROM events WHERE id = ?').pluck().get(id) as string | undefined;
      if (data === undefined) throw noSuch('event', id);
      return { status: 200, body: JSON.parse(data) as JsonObject };
    },
  },
];
