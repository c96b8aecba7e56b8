import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../../main/core/db/migrate.js';
import { ENGINE_MIGRATIONS } from '../../../main/core/db/migrations/index.js';

const BEFORE = ENGINE_MIGRATIONS.filter((m) => m.version < 8);

/** Every row of the tables the rebuild touches or that point at them. */
function rows(db: Database.Database): string {
  return ['deployments', 'deployment_events', 'ledger_entries', 'control_actions', 'usage_hours']
    .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()))
    .join('\n');
}

describe('migration 8 (idle pause) rebuilds deployments and their events', () => {
  it('keeps every row, id and reference, the triggers and the ids to come, and admits reason idle', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    runMigrations(db, BEFORE);
    db.exec(`
      INSERT INTO deployments (name, model, params_b, precision, tier, created_at) VALUES ('a', 'm', 7, 'fp16', 'S', 0), ('b', 'm', 7, 'fp16', 'S', 0);
      UPDATE deployments SET state = 'running', next_charge_at = 3600000, paid_until = 3600000 WHERE id = 2;
      INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES (2, 0, 'created', 'running', 'user');
      INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at, description) VALUES ('coupon', 100, 100, 'k1', 0, 'x');
      INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description) VALUES ('charge', -60, 40, 'charge:2:0', 'deployment:2', 2, 0, 0, 'x');
      INSERT INTO deployment_controls (deployment_id, kind, command, updated_at) VALUES (2, 'command', '/bin/true', 0);
      INSERT INTO control_actions (deployment_id, event_id, action, reason, action_key, target, at, next_attempt_at) VALUES (2, 1, 'start', 'user', 'msg_1', '{}', 0, 0);
      INSERT INTO usage_hours (deployment_id, hour_start, requests, source, updated_at) VALUES (2, 0, 5, 'import', 0);
    `);
    const before = rows(db);
    expect(
      runMigrations(
        db,
        ENGINE_MIGRATIONS.filter((m) => m.version <= 8),
      ),
    ).toEqual([8]);
    expect(rows(db)).toBe(before);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.exec('UPDATE deployment_events SET at = 1 WHERE id = 1')).toThrow(/append-only/);
    expect(() => db.exec("UPDATE deployments SET state = 'created', next_charge_at = NULL WHERE id = 2")).toThrow(/invalid deployment state transition/);
    db.exec("UPDATE deployments SET state = 'paused', paused_reason = 'idle', next_charge_at = NULL WHERE id = 2");
    db.exec("INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES (2, 1, 'running', 'paused', 'idle')");
    const next = db
      .prepare("INSERT INTO deployments (name, model, params_b, precision, tier, created_at) VALUES ('c', 'm', 7, 'fp16', 'S', 0) RETURNING id")
      .pluck()
      .get();
    expect(next).toBe(3);
    expect(() =>
      db.exec("INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES (99, 1, 'created', 'running', 'user')"),
    ).toThrow(/FOREIGN KEY/);
  });
});
