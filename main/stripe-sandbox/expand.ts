/** `expand[]`: replaces id strings in a response with the objects they name. */
import { invalidParam } from './errors.js';
import { list, str } from './params.js';
import type { Store } from './store.js';
import type { Json, JsonObject, Params } from './types.js';

function cannot(path: string): never {
  throw invalidParam('expand', `This property cannot be expanded (${path}).`);
}

function expandAt(store: Store, node: Json, segs: string[], path: string): Json {
  if (segs.length === 0 || node === null) return node;
  // Lists (`data.latest_charge`) and arrays expand element by element.
  if (Array.isArray(node)) return node.map((n) => expandAt(store, n, segs, path));
  if (typeof node !== 'object') return cannot(path);
  const [head = '', ...rest] = segs;
  if (!Object.hasOwn(node, head)) return cannot(path);
  let value = node[head] as Json;
  if (typeof value === 'string') value = store.find(value) ?? cannot(path);
  else if (typeof value === 'number' || typeof value === 'boolean') cannot(path);
  return { ...node, [head]: expandAt(store, value, rest, path) };
}

/** Applies the request's `expand` list (at most four levels deep, like Stripe) to a response body. */
export function applyExpand(store: Store, body: JsonObject, params: Params): JsonObject {
  let out: JsonObject = body;
  list(params.expand, 'expand').forEach((raw, i) => {
    const path = str(raw, `expand[${i}]`, true) as string;
    const segs = path.split('.');
    if (segs.length > 4) throw invalidParam('expand', `You cannot expand more than 4 levels of a property (${path}).`);
    // Fields a handler already filled in (Checkout's line_items) need no lookup.
    if (segs.length === 1 && typeof out[path] === 'object' && out[path] !== null) return;
    out = expandAt(store, out, segs, path) as JsonObject;
  });
  return out;
}
