import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachedStatement } from '../../../main/core/db/statement-cache.js';

function db(): Database.Database {
  const d = new Database(':memory:');
  d.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER) STRICT; INSERT INTO t VALUES ('a', 1), ('b', 2)");
  return d;
}

describe('cached statements', () => {
  it('prepares a statement once per connection and SQL text', () => {
    const d = db();
    const sql = 'SELECT v FROM t WHERE k = ?';
    expect(cachedStatement(d, sql)).toBe(cachedStatement(d, sql));
    expect(cachedStatement(db(), sql)).not.toBe(cachedStatement(d, sql));
  });

  it.each([
    ['rows', { v: 1 }],
    ['pluck', 1],
    ['raw', [1]],
  ] as const)('keeps the %s mode to itself, whatever another caller asked for first', (mode, expected) => {
    const d = db();
    const sql = 'SELECT v FROM t WHERE k = ?';
    for (const other of ['rows', 'pluck', 'raw'] as const) cachedStatement(d, sql, other).get('a');
    expect(cachedStatement(d, sql, mode).get('a')).toEqual(expected);
  });

  it('sees rows written after it was prepared', () => {
    const d = db();
    const count = () => cachedStatement(d, 'SELECT COUNT(*) FROM t', 'pluck').get();
    expect(count()).toBe(2);
    d.prepare("INSERT INTO t VALUES ('c', 3)").run();
    expect(count()).toBe(3);
  });
});
