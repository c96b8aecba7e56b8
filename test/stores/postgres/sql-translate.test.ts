import { describe, expect, it } from 'vitest';
import { translateSql } from '../../../main/stores/postgres/sql-translate.js';

/** The core's portable SQL (as written for SQLite) and what the PostgreSQL store runs. */
const CASES: { what: string; sql: string; text: string; params?: unknown[] }[] = [
  {
    what: 'positional parameters are numbered in order',
    sql: 'SELECT * FROM t WHERE a = ? AND b = ?',
    text: 'SELECT * FROM t WHERE a = $1 AND b = $2',
    params: [{ index: 0 }, { index: 1 }],
  },
  {
    what: 'a named parameter used twice is one number',
    sql: 'SELECT * FROM t WHERE a = @x OR b = @x AND c = @y',
    text: 'SELECT * FROM t WHERE a = $1 OR b = $1 AND c = $2',
    params: [{ name: 'x' }, { name: 'y' }],
  },
  {
    what: 'placeholders inside string literals are text',
    sql: "SELECT '?', '@x', \"a?\" FROM t WHERE a = ?",
    text: "SELECT '?', '@x', \"a?\" FROM t WHERE a = $1",
    params: [{ index: 0 }],
  },
  { what: 'a doubled quote stays inside its literal', sql: "SELECT 'it''s ?' WHERE a = ?", text: "SELECT 'it''s ?' WHERE a = $1" },
  { what: 'comments are left alone', sql: 'SELECT 1 -- why? @x\nWHERE a = ?', text: 'SELECT 1 -- why? @x\nWHERE a = $1' },
  {
    what: 'INSERT OR IGNORE does nothing on a conflict',
    sql: 'INSERT OR IGNORE INTO e (id) VALUES (?)',
    text: 'INSERT INTO e (id) VALUES ($1) ON CONFLICT DO NOTHING',
  },
  {
    what: 'INSERT OR IGNORE keeps its RETURNING last',
    sql: 'INSERT OR IGNORE INTO e (id) VALUES (?) RETURNING *',
    text: 'INSERT INTO e (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING *',
  },
  {
    what: 'a conflict target gains the org (every unique key of the server schema starts with it)',
    sql: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    text: 'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (org_id, key) DO UPDATE SET value = excluded.value',
  },
  {
    what: 'a target naming the org is kept',
    sql: 'INSERT INTO t (a) VALUES (1) ON CONFLICT (org_id, a) DO NOTHING',
    text: 'INSERT INTO t (a) VALUES (1) ON CONFLICT (org_id, a) DO NOTHING',
  },
  {
    what: 'a bare ON CONFLICT DO NOTHING is kept',
    sql: 'INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING RETURNING *',
    text: 'INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING RETURNING *',
  },
  { what: 'ifnull is coalesce', sql: 'SELECT IFNULL(a, 0), ifnull (b, 1) FROM t', text: 'SELECT coalesce(a, 0), coalesce(b, 1) FROM t' },
  { what: 'scalar max/min of two values are GREATEST/LEAST', sql: 'SELECT max(a, min(b, 3)) FROM t', text: 'SELECT GREATEST(a, LEAST(b, 3)) FROM t' },
  { what: 'aggregate max/min stay', sql: 'SELECT MAX(a), min(coalesce(b, 1)) FROM t', text: 'SELECT MAX(a), min(coalesce(b, 1)) FROM t' },
  {
    what: 'json_extract of a member is ->> on jsonb',
    sql: "SELECT * FROM payments WHERE json_extract(request, '$.backend') = @backend",
    text: "SELECT * FROM payments WHERE ((request)::jsonb ->> 'backend') = $1",
  },
  { what: 'a nested json path is #>>', sql: "SELECT json_extract(data, '$.a.b') FROM t", text: "SELECT ((data)::jsonb #>> '{a,b}') FROM t" },
  {
    what: 'a camelCase alias is quoted so its case survives',
    sql: 'SELECT deployment_id AS deploymentId, x AS y, CAST(z AS INTEGER) FROM t',
    text: 'SELECT deployment_id AS "deploymentId", x AS y, CAST(z AS INTEGER) FROM t',
  },
  {
    what: "SQLite's index hint is dropped",
    sql: "SELECT deployment_id FROM ledger_entries INDEXED BY ledger_charges_by_at WHERE kind = 'charge'",
    text: "SELECT deployment_id FROM ledger_entries WHERE kind = 'charge'",
  },
  {
    what: 'an unnamed subquery in FROM gets a name (PostgreSQL 15 needs one)',
    sql: 'SELECT count(*) FROM (SELECT 1 FROM t GROUP BY a HAVING count(*) > 1)',
    text: 'SELECT count(*) FROM (SELECT 1 FROM t GROUP BY a HAVING count(*) > 1) AS subquery_1',
  },
  {
    what: 'a named one keeps its name',
    sql: 'SELECT s.v FROM (SELECT value AS v FROM settings) s WHERE 1 = 1 UNION SELECT x FROM (SELECT 1 AS x) AS y',
    text: 'SELECT s.v FROM (SELECT value AS v FROM settings) s WHERE 1 = 1 UNION SELECT x FROM (SELECT 1 AS x) AS y',
  },
  { what: 'LIKE ignores case, as in SQLite', sql: "SELECT * FROM t WHERE d LIKE @q ESCAPE '\\'", text: "SELECT * FROM t WHERE d ILIKE $1 ESCAPE '\\'" },
  {
    what: 'a parameter tested for NULL is text (no type can be inferred there)',
    sql: "UPDATE t SET v = CASE WHEN ? IS NULL THEN NULL ELSE 'p' END WHERE id = ?",
    text: "UPDATE t SET v = CASE WHEN $1::text IS NULL THEN NULL ELSE 'p' END WHERE id = $2",
  },
  {
    what: 'a named one too (PostgreSQL types it where it first meets it)',
    sql: 'SELECT 1 WHERE @b IS NULL OR b = @b',
    text: 'SELECT 1 WHERE $1::text IS NULL OR b = $1',
  },
];

describe('the portable SQL as PostgreSQL reads it (the PostgreSQL store)', () => {
  it.each(CASES)('$what', ({ sql, text, params }) => {
    const t = translateSql(sql);
    expect(t.text).toBe(text);
    if (params) expect(t.params).toEqual(params);
  });

  it.each([
    ['INSERT INTO deployment_events (a) VALUES (?)', 'deployment_events', false],
    ['insert into Alerts (a) values (1) returning id', 'alerts', true],
    ['UPDATE t SET a = 1', null, false],
  ])('knows the table %s inserts into (for lastInsertRowid)', (sql, table, returning) => {
    expect(translateSql(sql).insertInto).toBe(table);
    expect(translateSql(sql).returning).toBe(returning);
  });

  it.each([
    ['INSERT OR REPLACE INTO t (a) VALUES (1)', /INSERT OR IGNORE/],
    ["SELECT json_extract(a, '$[0]') FROM t", /not portable/],
    ['SELECT json_extract(a, @p) FROM t', /literal path/],
    ["SELECT 'open", /unterminated/],
  ])('refuses what it cannot translate: %s', (sql, error) => {
    expect(() => translateSql(sql)).toThrow(error);
  });
});
