/** Stripe list semantics: newest first, `limit`, cursors, `created` range filters, `has_more`. */
import { invalidParam, noSuch } from './errors.js';
import { hash, int, str } from './params.js';
import type { Ctx, JsonObject, Param, Params } from './types.js';

/** A SQL condition with its bound values. */
export interface Condition {
  sql: string;
  args: (string | number)[];
}

/** What to list: the table, the kind of object, extra conditions, and the list's `url`. */
export interface ListSpec {
  table: 'objects' | 'events';
  kind?: string;
  where?: Condition[];
  url: string;
  /** Wording for "No such …" when a cursor names an unknown object. */
  what: string;
  /** Oldest first, for lists Stripe keeps in insertion order (line items). */
  ascending?: boolean;
}

/** Parameters every list endpoint accepts. */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created'] as const;

const RANGE_OPS: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Turns `created=123` or `created[gte]=…&created[lt]=…` into conditions. */
export function createdConditions(value: Param | undefined): Condition[] {
  if (value === undefined || value === '') return [];
  if (typeof value === 'string') return [{ sql: 'created = ?', args: [int(value, 'created') as number] }];
  const range = hash(value, 'created') ?? {};
  return Object.entries(range).map(([op, v]) => {
    // Own keys only: `created[toString]` must not find Object.prototype.toString.
    const sqlOp = Object.hasOwn(RANGE_OPS, op) ? RANGE_OPS[op] : undefined;
    if (!sqlOp) throw invalidParam(`created[${op}]`, `Received unknown parameter: created[${op}]`, 'parameter_unknown');
    return { sql: `created ${sqlOp} ?`, args: [int(v, `created[${op}]`, { required: true }) as number] };
  });
}

/** Runs a paginated list and returns Stripe's `{ object: 'list', data, has_more, url }`. */
export function listPage(ctx: Ctx, params: Params, spec: ListSpec, present: (o: JsonObject) => JsonObject = (o) => o): JsonObject {
  const limit = int(params.limit, 'limit', { min: 1, max: 100 }) ?? 10;
  const after = str(params.starting_after, 'starting_after');
  const before = str(params.ending_before, 'ending_before');
  if (after && before) {
    throw invalidParam('ending_before', 'You may only specify one of these parameters: ending_before, starting_after.');
  }
  const where: Condition[] = [...(spec.where ?? []), ...createdConditions(params.created)];
  if (spec.table === 'objects') where.unshift({ sql: 'kind = ?', args: [spec.kind ?? ''] });

  const cursorId = after ?? before;
  if (cursorId) {
    const kindSql = spec.table === 'objects' ? ' AND kind = ?' : '';
    const kindArgs = spec.table === 'objects' ? [spec.kind ?? ''] : [];
    const cursor = ctx.store.db.prepare(`SELECT created, seq FROM ${spec.table} WHERE id = ?${kindSql}`).get(cursorId, ...kindArgs) as
      { created: number; seq: number } | undefined;
    if (!cursor) throw noSuch(spec.what, cursorId, after ? 'starting_after' : 'ending_before');
    const cmp = Boolean(after) !== Boolean(spec.ascending) ? '<' : '>';
    where.push({
      sql: `(created ${cmp} ? OR (created = ? AND seq ${cmp} ?))`,
      args: [cursor.created, cursor.created, cursor.seq],
    });
  }

  // Stripe orders newest first; ending_before walks the other way, so query in reverse and flip.
  const dir = Boolean(before) !== Boolean(spec.ascending) ? 'ASC' : 'DESC';
  const clause = where.length ? `WHERE ${where.map((c) => c.sql).join(' AND ')}` : '';
  const sql = `SELECT seq, created, data FROM ${spec.table} ${clause} ORDER BY created ${dir}, seq ${dir} LIMIT ?`;
  const rows = ctx.store.rows(sql, [...where.flatMap((c) => c.args), limit + 1]);
  const page = rows.slice(0, limit).map((r) => present(r.object));
  if (before) page.reverse();
  return { object: 'list', data: page, has_more: rows.length > limit, url: spec.url };
}
