import { HOUR_MS, MINUTE_MS } from '../clock.js';
import { cachedStatement } from '../db/statement-cache.js';
import type { DueSource, SettleReport, StepOutcome } from '../billing/settle-types.js';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';

/** Limits of `deploy idle --after`: at least 5 minutes, at most a week. */
export const IDLE_MINUTES = { min: 5, max: 10_080 } as const;

interface IdleRow {
  id: number;
  afterMinutes: number;
  setAt: number;
}

/**
 * Idle auto-pause as a settle-loop source: a running deployment with an idle
 * limit that served no request for that long is paused (reason `idle`) at the
 * moment the limit ran out. Request counts are hourly, so a request in an
 * hour counts as made at that hour's end; and only counts known up to that
 * moment count (a scrape that saw it, or an imported hour ending after it):
 * no data is never taken for no requests.
 */
export class IdlePause implements DueSource {
  readonly name = 'idle-pause';
  /** Before charges at the same instant: paused at t, it does not run [t, t + 1 h). */
  readonly priority = 5;

  constructor(private readonly engine: Engine) {}

  /** Turns idle auto-pause on (minutes) or off (null) for one deployment. */
  async set(deploymentId: number, minutes: number | null): Promise<number | null> {
    if (minutes !== null && (!Number.isSafeInteger(minutes) || minutes < IDLE_MINUTES.min || minutes > IDLE_MINUTES.max)) {
      throw new RefusedError(
        'invalid_number',
        `--after is a whole number of minutes from ${IDLE_MINUTES.min} to ${IDLE_MINUTES.max.toLocaleString('en-US')} (a week)`,
      );
    }
    return this.engine.act(
      (now) => {
        this.engine.deployments.get(deploymentId);
        if (minutes === null) cachedStatement(this.engine.db, 'DELETE FROM deployment_idle WHERE deployment_id = ?').run(deploymentId);
        else {
          cachedStatement(
            this.engine.db,
            'INSERT INTO deployment_idle (deployment_id, after_minutes, set_at) VALUES (?, ?, ?) ON CONFLICT (deployment_id) DO UPDATE SET after_minutes = excluded.after_minutes, set_at = excluded.set_at',
          ).run(deploymentId, minutes, now);
        }
        return minutes;
      },
      () => this.engine.deployments.get(deploymentId),
    );
  }

  /** A deployment's idle limit in minutes, or null when off. */
  after(deploymentId: number): number | null {
    return (
      (cachedStatement(this.engine.db, 'SELECT after_minutes FROM deployment_idle WHERE deployment_id = ?', 'pluck').get(deploymentId) as number | undefined) ??
      null
    );
  }

  /** When each running deployment with a limit falls idle, if counts known by `now` show it. */
  private dueAt(r: IdleRow): number | null {
    const db = this.engine.db;
    const runningSince = cachedStatement(db, "SELECT MAX(at) FROM deployment_events WHERE deployment_id = ? AND to_state = 'running'", 'pluck').get(r.id) as
      number | null;
    const lastRequestEnd = cachedStatement(db, 'SELECT MAX(hour_start) + ? FROM usage_hours WHERE deployment_id = ? AND requests > 0', 'pluck').get(
      HOUR_MS,
      r.id,
    ) as number | null;
    const since = Math.max(runningSince ?? 0, lastRequestEnd ?? 0, r.setAt);
    const at = since + r.afterMinutes * MINUTE_MS;
    const scraped = cachedStatement(db, 'SELECT last_at FROM usage_scrape_targets WHERE deployment_id = ?', 'pluck').get(r.id) as number | null | undefined;
    const imported = cachedStatement(db, "SELECT MAX(hour_start) + ? FROM usage_hours WHERE deployment_id = ? AND source = 'import'", 'pluck').get(
      HOUR_MS,
      r.id,
    ) as number | null;
    const knownUntil = Math.max(scraped ?? -Infinity, imported ?? -Infinity);
    return at <= knownUntil ? at : null;
  }

  private candidates(): IdleRow[] {
    return cachedStatement(
      this.engine.db,
      "SELECT d.id, i.after_minutes AS afterMinutes, i.set_at AS setAt FROM deployment_idle i JOIN deployments d ON d.id = i.deployment_id WHERE d.state = 'running' ORDER BY d.id",
    ).all() as IdleRow[];
  }

  private earliest(now: number): { id: number; at: number } | null {
    let best: { id: number; at: number } | null = null;
    for (const r of this.candidates()) {
      const at = this.dueAt(r);
      if (at !== null && at <= now && (!best || at < best.at)) best = { id: r.id, at };
    }
    return best;
  }

  peek(now: number): number | null {
    return this.earliest(now)?.at ?? null;
  }

  nextAt(now: number): number | null {
    const e = this.earliest(now);
    return e && e.at < now ? e.at : null;
  }

  apply(now: number, report: SettleReport): StepOutcome {
    const e = this.earliest(now);
    if (!e) return 'applied';
    const d = this.engine.deployments.get(e.id);
    this.engine.deployments.transition(d, { state: 'paused', pausedReason: 'idle', nextChargeAt: null, paidUntil: d.paidUntil }, e.at, 'idle');
    report.paused.push({ deploymentId: d.id, at: e.at, reason: 'idle' });
    return 'applied';
  }
}
