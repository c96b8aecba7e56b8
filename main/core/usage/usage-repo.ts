import type { Db } from '../db/open-database.js';

/** Storage of request counts per deployment-hour (UTC hour starts). */
export class UsageRepo {
  constructor(private readonly db: Db) {}

  /** Sets the request count of one deployment-hour (replacing a stored one). */
  put(deploymentId: number, hourStart: number, requests: number, source: 'import' | 'scrape', now: number): void {
    this.db
      .prepare(
        `INSERT INTO usage_hours (deployment_id, hour_start, requests, source, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (deployment_id, hour_start) DO UPDATE SET requests = excluded.requests, source = excluded.source, updated_at = excluded.updated_at`,
      )
      .run(deploymentId, hourStart, requests, source, now);
  }

  /** Adds requests to one deployment-hour (a scrape's increment). */
  add(deploymentId: number, hourStart: number, requests: number, now: number): void {
    // usage_hours.requests, qualified: PostgreSQL finds a bare one ambiguous (the stored row's or excluded's).
    this.db
      .prepare(
        `INSERT INTO usage_hours (deployment_id, hour_start, requests, source, updated_at) VALUES (?, ?, ?, 'scrape', ?)
        ON CONFLICT (deployment_id, hour_start) DO UPDATE SET requests = usage_hours.requests + excluded.requests, updated_at = excluded.updated_at`,
      )
      .run(deploymentId, hourStart, requests, now);
  }
}
