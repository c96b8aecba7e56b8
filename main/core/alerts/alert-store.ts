import type { Db } from '../db/open-database.js';
import type { Alert, AlertAction, AlertKind, NewAlert, Severity } from './alert-types.js';
import { cachedStatement } from '../db/statement-cache.js';

interface AlertRow {
  id: number;
  kind: AlertKind;
  severity: Severity;
  title: string;
  message: string;
  deployment_id: number | null;
  action: string | null;
  data: string;
  at: number;
  raised_at: number;
  read_at: number | null;
  delivery: Alert['delivery'];
  condition_key: string | null;
  resolved_at: number | null;
}

function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    title: r.title,
    message: r.message,
    deploymentId: r.deployment_id,
    actions: r.action ? (JSON.parse(r.action) as AlertAction[]) : [],
    data: JSON.parse(r.data) as Record<string, unknown>,
    at: r.at,
    raisedAt: r.raised_at,
    read: r.read_at !== null,
    delivery: r.delivery,
    conditionKey: r.condition_key,
    resolvedAt: r.resolved_at,
  };
}

/** Filters for the alert list. */
export interface AlertFilter {
  unread?: boolean;
  limit?: number;
  kinds?: readonly AlertKind[];
  /** Only alerts that carry actions (buttons). */
  withActions?: boolean;
  /** Only alerts whose condition has not passed. */
  open?: boolean;
}

/**
 * The persisted alert list and delivery queue, plus the small per-rule state
 * (armed flags, cursors, next summary times) kept in the same database so it
 * commits with the entries that changed it.
 */
export class AlertStore {
  private readonly insertStmt;
  private readonly stateGet;
  private readonly stateSet;

  constructor(private readonly db: Db) {
    // No conflict target: a repeated dedupe key and a condition that already has an open alert are both no-ops.
    this.insertStmt = cachedStatement(
      db,
      `INSERT INTO alerts (kind, severity, title, message, dedupe_key, deployment_id, action, data, at, raised_at, condition_key)
      VALUES (@kind, @severity, @title, @message, @dedupeKey, @deploymentId, @action, @data, @at, @raisedAt, @conditionKey)
      ON CONFLICT DO NOTHING RETURNING *`,
    );
    this.stateGet = cachedStatement(db, 'SELECT value FROM alert_rule_state WHERE key = ?', 'pluck');
    this.stateSet = cachedStatement(db, 'INSERT INTO alert_rule_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** Records an alert unless one with its dedupe key exists; returns it when new. */
  insert(a: NewAlert, raisedAt: number): Alert | null {
    const row = this.insertStmt.get({
      kind: a.kind,
      severity: a.severity,
      title: a.title,
      message: a.message,
      dedupeKey: a.dedupeKey,
      deploymentId: a.deploymentId ?? null,
      action: a.actions && a.actions.length > 0 ? JSON.stringify(a.actions) : null,
      data: JSON.stringify(a.data ?? {}),
      at: a.at,
      raisedAt,
      conditionKey: a.conditionKey ?? null,
    }) as AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  /** Alerts newest first. */
  list(f: AlertFilter = {}): Alert[] {
    const where: string[] = [];
    if (f.unread) where.push('read_at IS NULL');
    if (f.withActions) where.push('action IS NOT NULL');
    if (f.open) where.push('resolved_at IS NULL');
    if (f.kinds && f.kinds.length > 0) where.push(`kind IN (${f.kinds.map((k) => `'${k.replace(/'/g, '')}'`).join(', ')})`);
    const limit = Math.max(1, Math.min(10_000, Math.floor(f.limit ?? 500)));
    const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all() as AlertRow[]).map(toAlert);
  }

  /** An alert's place in the list's (at, id) order, read or not; null when there is no such alert. */
  placeOf(id: number): { at: number; id: number } | null {
    const at = cachedStatement(this.db, 'SELECT at FROM alerts WHERE id = ?', 'pluck').get(id) as number | undefined;
    return at === undefined ? null : { at, id };
  }

  /** Number of unread alerts. */
  unreadCount(): number {
    return cachedStatement(this.db, 'SELECT COUNT(*) FROM alerts WHERE read_at IS NULL', 'pluck').get() as number;
  }

  /** Marks alerts read (all when `ids` is 'all'); returns how many changed. */
  markRead(ids: readonly number[] | 'all', now: number): number {
    if (ids === 'all') return cachedStatement(this.db, 'UPDATE alerts SET read_at = ? WHERE read_at IS NULL').run(now).changes;
    const stmt = cachedStatement(this.db, 'UPDATE alerts SET read_at = ? WHERE id = ? AND read_at IS NULL');
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(now, id).changes, 0)).immediate();
  }

  /** Marks the alert with this dedupe key read (its question was answered). */
  markReadByKey(dedupeKey: string, now: number): void {
    cachedStatement(this.db, 'UPDATE alerts SET read_at = ? WHERE dedupe_key = ? AND read_at IS NULL').run(now, dedupeKey);
  }

  /** Alerts waiting to be shown as notifications, oldest first. */
  pendingDeliveries(limit = 100): Alert[] {
    return (cachedStatement(this.db, `SELECT * FROM alerts WHERE delivery = 'pending' ORDER BY id LIMIT ?`).all(limit) as AlertRow[]).map(toAlert);
  }

  /** Marks alerts as shown; returns how many were pending. */
  markDelivered(ids: readonly number[], now: number): number {
    const stmt = cachedStatement(this.db, `UPDATE alerts SET delivery = 'delivered', delivered_at = ? WHERE id = ? AND delivery = 'pending'`);
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(now, id).changes, 0)).immediate();
  }

  /** Marks a deployment's unread alerts of a kind read and resolved: their condition passed (a control that works again). */
  resolveFor(kind: AlertKind, deploymentId: number, now: number): number {
    cachedStatement(this.db, 'UPDATE alerts SET resolved_at = ? WHERE kind = ? AND deployment_id = ? AND resolved_at IS NULL').run(now, kind, deploymentId);
    return cachedStatement(this.db, 'UPDATE alerts SET read_at = ? WHERE kind = ? AND deployment_id = ? AND read_at IS NULL').run(now, kind, deploymentId)
      .changes;
  }

  /** Resolves the open alert about a condition (its condition passed at `at`); returns whether there was one. */
  resolveCondition(conditionKey: string, at: number): boolean {
    return cachedStatement(this.db, 'UPDATE alerts SET resolved_at = ? WHERE condition_key = ? AND resolved_at IS NULL').run(at, conditionKey).changes > 0;
  }

  /** The open alerts that name a condition (the resolver checks each one). */
  openConditions(): Alert[] {
    return (cachedStatement(this.db, 'SELECT * FROM alerts WHERE condition_key IS NOT NULL AND resolved_at IS NULL').all() as AlertRow[]).map(toAlert);
  }

  /** Takes older pending alerts of a kind off the queue (a newer summary replaces them); they stay in the list. */
  supersedePending(kind: AlertKind, olderThanId: number, now: number): void {
    cachedStatement(this.db, `UPDATE alerts SET delivery = 'superseded', delivered_at = ? WHERE kind = ? AND delivery = 'pending' AND id < ?`).run(
      now,
      kind,
      olderThanId,
    );
  }

  /** A rule's stored state, or undefined. */
  getState<T>(key: string): T | undefined {
    const raw = this.stateGet.get(key) as string | undefined;
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  /** Stores a rule's state. */
  setState(key: string, value: unknown): void {
    this.stateSet.run(key, JSON.stringify(value));
  }
}
