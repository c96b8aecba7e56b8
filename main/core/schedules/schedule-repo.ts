import type { Db } from '../db/open-database.js';
import type { PauseSchedule, PauseWindow, ScheduleEdge } from './schedule-types.js';
import { cachedStatement } from '../db/statement-cache.js';

interface ScheduleRow {
  deployment_id: number;
  time_zone: string;
  windows: string;
  next_edge_at: number | null;
  next_edge_kind: 'pause' | 'resume' | null;
}

/** A stored schedule with the edge the settle loop applies next. */
export interface StoredSchedule extends PauseSchedule {
  nextEdge: ScheduleEdge | null;
}

function toStored(r: ScheduleRow): StoredSchedule {
  return {
    deploymentId: r.deployment_id,
    timeZone: r.time_zone,
    windows: JSON.parse(r.windows) as PauseWindow[],
    nextEdge: r.next_edge_at !== null && r.next_edge_kind !== null ? { at: r.next_edge_at, kind: r.next_edge_kind } : null,
  };
}

/** Storage of pause schedules, one per deployment. */
export class ScheduleRepo {
  private readonly minStmt;
  private readonly dueStmt;
  private readonly getStmt;
  private readonly edgeStmt;

  constructor(private readonly db: Db) {
    this.minStmt = cachedStatement(db, 'SELECT MIN(next_edge_at) FROM deployment_schedules WHERE next_edge_at <= ?', 'pluck');
    this.dueStmt = cachedStatement(db, 'SELECT * FROM deployment_schedules WHERE next_edge_at <= ? ORDER BY next_edge_at, deployment_id LIMIT 1');
    this.getStmt = cachedStatement(db, 'SELECT * FROM deployment_schedules WHERE deployment_id = ?');
    this.edgeStmt = cachedStatement(db, 'UPDATE deployment_schedules SET next_edge_at = ?, next_edge_kind = ? WHERE deployment_id = ?');
  }

  /** Earliest stored edge due by `now`, or null. */
  earliestDue(now: number): number | null {
    return (this.minStmt.get(now) as number | null | undefined) ?? null;
  }

  /** The schedule whose edge falls due first, if due by `now`. */
  nextDue(now: number): StoredSchedule | undefined {
    const row = this.dueStmt.get(now) as ScheduleRow | undefined;
    return row ? toStored(row) : undefined;
  }

  /** A deployment's schedule, or undefined. */
  find(deploymentId: number): StoredSchedule | undefined {
    const row = this.getStmt.get(deploymentId) as ScheduleRow | undefined;
    return row ? toStored(row) : undefined;
  }

  /** All schedules. */
  list(): StoredSchedule[] {
    return (cachedStatement(this.db, 'SELECT * FROM deployment_schedules ORDER BY deployment_id').all() as ScheduleRow[]).map(toStored);
  }

  /** Inserts or replaces a deployment's schedule. */
  upsert(s: PauseSchedule, nextEdge: ScheduleEdge | null, now: number): void {
    cachedStatement(
      this.db,
      `INSERT INTO deployment_schedules (deployment_id, time_zone, windows, next_edge_at, next_edge_kind, updated_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (deployment_id) DO UPDATE SET time_zone = excluded.time_zone, windows = excluded.windows,
          next_edge_at = excluded.next_edge_at, next_edge_kind = excluded.next_edge_kind, updated_at = excluded.updated_at`,
    ).run(s.deploymentId, s.timeZone, JSON.stringify(s.windows), nextEdge?.at ?? null, nextEdge?.kind ?? null, now);
  }

  /** Moves a schedule on to its next edge (null: none). */
  setNextEdge(deploymentId: number, edge: ScheduleEdge | null): void {
    this.edgeStmt.run(edge?.at ?? null, edge?.kind ?? null, deploymentId);
  }

  /** Removes a deployment's schedule; true when there was one. */
  remove(deploymentId: number): boolean {
    return cachedStatement(this.db, 'DELETE FROM deployment_schedules WHERE deployment_id = ?').run(deploymentId).changes > 0;
  }
}
