import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MigrationError, type Migration, runMigrations } from '../../../main/core/db/migrate.js';
import { ENGINE_MIGRATIONS } from '../../../main/core/db/migrations/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { tempDir } from '../../support/engine-fixture.js';

const m = (version: number, sql: string, name = `m${version}`): Migration => ({ version, name, sql });

describe('numbered migrations', () => {
  it('applies pending migrations in order and records each once', () => {
    const db = new Database(':memory:');
    expect(runMigrations(db, [m(1, 'CREATE TABLE a (x INTEGER) STRICT'), m(2, 'CREATE TABLE b (x INTEGER) STRICT')])).toEqual([1, 2]);
    expect(runMigrations(db, [m(1, 'CREATE TABLE a (x INTEGER) STRICT'), m(2, 'CREATE TABLE b (x INTEGER) STRICT')])).toEqual([]);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1, 2]);
  });

  it('refuses a migration edited after it was applied', () => {
    const db = new Database(':memory:');
    runMigrations(db, [m(1, 'CREATE TABLE a (x INTEGER) STRICT')]);
    expect(() => runMigrations(db, [m(1, 'CREATE TABLE a (y INTEGER) STRICT')])).toThrow(/edited after it was applied/);
  });

  it('refuses a migration added before one already applied (out of order)', () => {
    const db = new Database(':memory:');
    runMigrations(db, [m(1, 'SELECT 1'), m(3, 'SELECT 3')]);
    expect(() => runMigrations(db, [m(1, 'SELECT 1'), m(2, 'SELECT 2'), m(3, 'SELECT 3')])).toThrow(/comes before the applied migration 3/);
  });

  it('refuses a list whose versions do not increase', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [m(2, 'SELECT 1'), m(1, 'SELECT 2')])).toThrow(MigrationError);
  });

  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    runMigrations(db, [m(1, 'SELECT 1'), m(2, 'SELECT 2')]);
    expect(() => runMigrations(db, [m(1, 'SELECT 1')])).toThrow(/newer version/);
  });

  it('rolls back a failing migration whole', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [m(1, 'CREATE TABLE a (x INTEGER) STRICT; INSERT INTO nope VALUES (1)')])).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
  });

  it('opens a real file with WAL, synchronous=FULL and STRICT tables, every engine migration applied', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(applied).toEqual(ENGINE_MIGRATIONS.map((x) => x.version));
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    expect(tables.filter((t) => !/\)\s*STRICT\s*$/i.test(t.sql)).map((t) => t.name)).toEqual([]);
    db.close();
  });
});
