import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';

/** Requests per deployment over usage hours starting in [from, to), with how many hours have a count; only deployments with usage rows appear. */
export function requestsByDeployment(db: Db, from: number, to: number): Map<number, { requests: number; hours: number }> {
  const rows = cachedStatement(
    db,
    'SELECT deployment_id AS id, SUM(requests) AS requests, COUNT(*) AS hours FROM usage_hours WHERE hour_start >= ? AND hour_start < ? GROUP BY deployment_id',
  ).all(from, to) as { id: number; requests: number; hours: number }[];
  return new Map(rows.map((r) => [r.id, { requests: r.requests, hours: r.hours }]));
}

/** Usage rows of one deployment in [from, to): hours with a known request count. */
export function usageHours(db: Db, deploymentId: number, from: number, to: number): { hourStart: number; requests: number }[] {
  return cachedStatement(
    db,
    'SELECT hour_start AS hourStart, requests FROM usage_hours WHERE deployment_id = ? AND hour_start >= ? AND hour_start < ? ORDER BY hour_start',
  ).all(deploymentId, from, to) as { hourStart: number; requests: number }[];
}
