/**
 * Stripe's Search API (`GET /v1/<resource>/search?query=…`) for the objects the
 * app may look up by metadata: a subset of the query language — clauses
 * `field:value`, `field~value`, `field>N` (`<`, `>=`, `<=`), `-field:value`,
 * `metadata['key']:'value'`, all joined by AND or all by OR.
 */
import { invalidParam } from './errors.js';
import { allowOnly, int, str } from './params.js';
import type { ApiResult, Ctx, Json, JsonObject, Params, Route } from './types.js';

interface Clause {
  negate: boolean;
  field: string;
  metadataKey: string | null;
  op: ':' | '~' | '>' | '<' | '>=' | '<=';
  value: string;
}

const CLAUSE = /^\s*(-)?(metadata\[(?:'([^']*)'|"([^"]*)")\]|[a-z_]+)(:|~|>=|<=|>|<)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)/;

function unquote(v: string): string {
  return /^['"]/.test(v) ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

/** Parses a query into clauses and its single connective. */
function parse(query: string): { clauses: Clause[]; joiner: 'AND' | 'OR' } {
  const clauses: Clause[] = [];
  const joiners = new Set<string>();
  let rest = query;
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m) throw invalidParam('query', `The sandbox could not parse the search query near: ${rest.trim() || query}`);
    const [all, neg, field = '', k1, k2, op = ':', value = ''] = m;
    const metadataKey = k1 ?? k2 ?? null;
    clauses.push({
      negate: neg === '-',
      field: metadataKey === null ? field : 'metadata',
      metadataKey,
      op: op as Clause['op'],
      value: unquote(value),
    });
    rest = rest.slice(all.length);
    if (!rest.trim()) break;
    const j = /^\s+(AND|OR)\s+/.exec(rest);
    if (!j) throw invalidParam('query', `Expected AND or OR in the search query near: ${rest.trim()}`);
    joiners.add(j[1] as string);
    rest = rest.slice(j[0].length);
  }
  if (joiners.size > 1) throw invalidParam('query', 'Search queries cannot mix AND and OR.');
  return { clauses, joiner: joiners.has('OR') ? 'OR' : 'AND' };
}

function matches(obj: JsonObject, c: Clause): boolean {
  let actual: Json | undefined = obj[c.field];
  if (c.metadataKey !== null) actual = (obj.metadata as JsonObject | undefined)?.[c.metadataKey];
  let hit: boolean;
  if (c.op === ':') hit = actual !== undefined && actual !== null && String(actual) === c.value;
  else if (c.op === '~') hit = typeof actual === 'string' && actual.includes(c.value);
  else {
    const a = Number(actual);
    const b = Number(c.value);
    hit = c.op === '>' ? a > b : c.op === '<' ? a < b : c.op === '>=' ? a >= b : a <= b;
  }
  return c.negate ? !hit : hit;
}

/** Runs a search over one kind of object, newest first, paged with Stripe's opaque `page` token. */
function search(ctx: Ctx, params: Params, kind: string, url: string): ApiResult {
  allowOnly(params, ['query', 'limit', 'page']);
  const { clauses, joiner } = parse(str(params.query, 'query', true) as string);
  const limit = int(params.limit, 'limit', { min: 1, max: 100 }) ?? 10;
  const page = str(params.page, 'page');
  const offset = page ? Number(Buffer.from(page, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalidParam('page', 'Invalid page token.');
  const all = ctx.store
    .rows<JsonObject>('SELECT seq, created, data FROM objects WHERE kind = ? ORDER BY created DESC, seq DESC', [kind])
    .map((r) => r.object)
    .filter((o) => (joiner === 'AND' ? clauses.every((c) => matches(o, c)) : clauses.some((c) => matches(o, c))));
  const data = all.slice(offset, offset + limit);
  const more = offset + limit < all.length;
  return {
    status: 200,
    body: {
      object: 'search_result',
      data,
      has_more: more,
      next_page: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
      url,
    },
  };
}

/** Search routes; they must be matched before `/:id` routes of the same resource. */
export const searchRoutes: Route[] = [
  ['payment_intents', 'payment_intent'],
  ['customers', 'customer'],
  ['charges', 'charge'],
].map(([path, kind]) => ({
  method: 'GET' as const,
  path: `/v1/${path}/search`,
  handler: (ctx: Ctx, params: Params) => search(ctx, params, kind as string, `/v1/${path}/search`),
}));
