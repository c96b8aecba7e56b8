/**
 * The core's portable SQL (written for SQLite, store-port.ts) as PostgreSQL
 * reads it. Rewrites only what the two dialects spell differently; every
 * other word passes through as written. String literals, quoted identifiers
 * and comments are never touched.
 */

/** Where a `$n` placeholder's value comes from: the nth positional argument, or the named one. */
export type ParamSource = { index: number } | { name: string };

export interface TranslatedSql {
  text: string;
  /** One entry per `$n`, in order ($1 first). */
  params: ParamSource[];
  /** The table an INSERT writes (lower case), for `lastInsertRowid`; null for other statements. */
  insertInto: string | null;
  /** True when the statement already ends with RETURNING. */
  returning: boolean;
}

const MASK = '\uE000';

/** Splits out literals, quoted identifiers and comments, leaving `\0n\0` markers in their place. */
function mask(sql: string): { masked: string; pieces: string[] } {
  const pieces: string[] = [];
  let out = '';
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    let end = -1;
    if (c === "'" || c === '"') {
      end = i + 1;
      for (;;) {
        const j = sql.indexOf(c, end);
        if (j < 0) throw new Error(`unterminated ${c === "'" ? 'string' : 'identifier'} in SQL: ${sql}`);
        if (sql[j + 1] === c) end = j + 2;
        else {
          end = j + 1;
          break;
        }
      }
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      end = j < 0 ? sql.length : j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      end = j < 0 ? sql.length : j + 2;
    }
    if (end < 0) {
      out += c;
      i += 1;
    } else {
      out += `${MASK}${pieces.length}${MASK}`;
      pieces.push(sql.slice(i, end));
      i = end;
    }
  }
  return { masked: out, pieces };
}

function unmask(text: string, pieces: string[]): string {
  return text.replace(/\uE000(\d+)\uE000/g, (_, n: string) => pieces[Number(n)]!);
}

/** The literal a marker stands for, without its quotes (null when the marker is not a string literal). */
function literalAt(marker: string, pieces: string[]): string | null {
  const m = /^\uE000(\d+)\uE000$/.exec(marker);
  const piece = m ? pieces[Number(m[1])] : undefined;
  if (!piece || !piece.startsWith("'")) return null;
  return piece.slice(1, -1).replace(/''/g, "'");
}

/** `$.a.b` → the PostgreSQL path of `#>>` (`{a,b}`); only plain member paths are portable. */
function jsonPath(path: string, sql: string): string[] {
  const m = /^\$((?:\.[A-Za-z_]\w*)+)$/.exec(path);
  if (!m) throw new Error(`json_extract path ${path} is not portable (write $.member): ${sql}`);
  return m[1]!.slice(1).split('.');
}

/** Index of the parenthesis closing the one at `open`, and the top-level commas between. */
function matchParen(s: string, open: number): { close: number; commas: number[] } {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return { close: i, commas };
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  throw new Error(`unbalanced parentheses in SQL: ${s}`);
}

/** SQLite's scalar max(a, b) / min(a, b) are PostgreSQL's GREATEST / LEAST (one argument stays an aggregate). */
function scalarMinMax(s: string): string {
  const re = /\b(max|min)\s*\(/gi;
  let out = '';
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const open = m.index + m[0].length - 1;
    if (matchParen(s, open).commas.length === 0) continue;
    out += s.slice(last, m.index) + (m[1]!.toLowerCase() === 'max' ? 'GREATEST' : 'LEAST');
    last = m.index + m[1]!.length;
  }
  return out + s.slice(last);
}

/** A subquery in FROM or JOIN needs a name before PostgreSQL 16 (SQLite's may have none): an unnamed one gets one. */
function nameSubqueries(s: string): string {
  const re = /\b(FROM|JOIN)\s*\(\s*SELECT\b/gi;
  let n = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const open = s.indexOf('(', m.index);
    const { close } = matchParen(s, open);
    const after = s.slice(close + 1);
    if (/^\s*(AS\b|(?!(WHERE|GROUP|ORDER|LIMIT|UNION|EXCEPT|INTERSECT|ON|JOIN|LEFT|INNER|CROSS|HAVING|WINDOW)\b)[A-Za-z_])/i.test(after)) continue;
    s = `${s.slice(0, close + 1)} AS subquery_${++n}${after}`;
  }
  return s;
}

/** json_extract(expr, '$.a') → (expr::jsonb ->> 'a'): the member as text (NULL when absent), as SQLite compares it. */
function jsonExtract(s: string, pieces: string[], sql: string): string {
  const re = /\bjson_extract\s*\(/gi;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const open = m.index + m[0].length - 1;
    const { close, commas } = matchParen(s, open);
    if (commas.length !== 1) throw new Error(`json_extract takes (value, path) here: ${sql}`);
    const expr = s.slice(open + 1, commas[0]).trim();
    const path = literalAt(s.slice(commas[0]! + 1, close).trim(), pieces);
    if (path === null) throw new Error(`json_extract needs a literal path: ${sql}`);
    const keys = jsonPath(path, sql);
    const key = `${MASK}${pieces.length}${MASK}`;
    pieces.push(keys.length === 1 ? `'${keys[0]}'` : `'{${keys.join(',')}}'`);
    const replacement = `((${expr})::jsonb ${keys.length === 1 ? '->>' : '#>>'} ${key})`;
    s = s.slice(0, m.index) + replacement + s.slice(close + 1);
    re.lastIndex = m.index + replacement.length;
  }
  return s;
}

/**
 * Translates one statement (or a script, for exec). Placeholders: `?` are
 * numbered in order; each distinct `@name` gets one number. Rewrites:
 * `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`; `INDEXED BY i` dropped; `LIKE` → `ILIKE`;
 * a parameter tested for NULL is text (`$n::text IS NULL`); every `ON CONFLICT (cols)`
 * target gains `org_id` (every unique key of the server's schema starts with
 * the org); `ifnull` → `coalesce`; scalar `max/min(a, b)` → `GREATEST/LEAST`;
 * `json_extract(x, '$.a')` → `(x::jsonb ->> 'a')`; an unnamed subquery in
 * FROM gets a name; an alias in camelCase is
 * quoted so PostgreSQL keeps its case.
 */
export function translateSql(sql: string): TranslatedSql {
  const { masked, pieces } = mask(sql);
  let s = masked;
  const params: ParamSource[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  s = s.replace(/\?|@([A-Za-z_]\w*)/g, (tok, name: string | undefined) => {
    if (name === undefined) {
      params.push({ index: positional++ });
      return `$${params.length}`;
    }
    let n = named.get(name);
    if (n === undefined) {
      params.push({ name });
      n = params.length;
      named.set(name, n);
    }
    return `$${n}`;
  });
  let ignore = false;
  s = s.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, () => {
    ignore = true;
    return 'INSERT INTO';
  });
  if (/\bINSERT\s+OR\s+\w+/i.test(s)) throw new Error(`only INSERT OR IGNORE is portable: ${sql}`);
  s = s.replace(/\bON\s+CONFLICT\s*\(([^)]*)\)/gi, (all, cols: string) =>
    cols.split(',').some((c) => c.trim().toLowerCase() === 'org_id') ? all : `ON CONFLICT (org_id, ${cols.trim()})`,
  );
  // A parameter tested for NULL has no type PostgreSQL can infer there (it types a parameter where it first
  // meets it): it is text. The core tests only text parameters so; one compared with a number elsewhere
  // would fail loudly (bigint = text) and needs an explicit CAST in the core's SQL.
  s = s.replace(/(\$\d+)(\s+IS\s+(?:NOT\s+)?NULL\b)/gi, '$1::text$2');
  // A hint to SQLite's planner: PostgreSQL plans on its own.
  s = s.replace(/\s+INDEXED\s+BY\s+[A-Za-z_]\w*/gi, '');
  // SQLite's LIKE ignores (ASCII) case.
  s = s.replace(/\bLIKE\b/gi, 'ILIKE');
  s = s.replace(/\bifnull\s*\(/gi, 'coalesce(');
  s = scalarMinMax(s);
  s = jsonExtract(s, pieces, sql);
  s = nameSubqueries(s);
  s = s.replace(/\bAS\s+([A-Za-z_]\w*)/g, (all, alias: string) => (/[a-z]/.test(alias) && /[A-Z]/.test(alias) ? `AS "${alias}"` : all));
  const returning = /\bRETURNING\b[^;]*;?\s*$/i.test(s);
  if (ignore) {
    const at = s.search(/\bRETURNING\b[^;]*;?\s*$/i);
    s = at >= 0 ? `${s.slice(0, at)}ON CONFLICT DO NOTHING ${s.slice(at)}` : `${s.replace(/;?\s*$/, '')} ON CONFLICT DO NOTHING`;
  }
  const into = /^\s*INSERT\s+INTO\s+([A-Za-z_]\w*)/i.exec(s);
  return { text: unmask(s, pieces), params, insertInto: into ? into[1]!.toLowerCase() : null, returning };
}
