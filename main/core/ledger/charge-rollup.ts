import { DateTime } from 'luxon';
import { DAY_MS } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/statement-cache.js';

/**
 * Spend reads over the charge rollup (migration 5): credits per (local day,
 * deployment) in the rollup's time zone. A range uses the rollup for the
 * whole local days inside it and the covering charge index for the partial
 * days at its ends, so results equal a scan of the ledger exactly, in any
 * zone. Ranges whose days do not line up with the rollup's zone (another
 * zone, a day that does not start at midnight) fall back to the index.
 */

interface ZoneState {
  generation: number;
  zone: string;
  /** [from_at, offset_ms] ascending. */
  offsets: [number, number][];
}

const cache = new WeakMap<Db, ZoneState>();

function zoneState(db: Db): ZoneState {
  const row = cachedStatement(db, 'SELECT time_zone AS zone, generation FROM rollup_zone WHERE id = 1').get() as { zone: string; generation: number };
  const cached = cache.get(db);
  if (cached && cached.generation === row.generation) return cached;
  const offsets = cachedStatement(db, 'SELECT from_at, offset_ms FROM rollup_offsets ORDER BY from_at', 'raw').all() as [number, number][];
  const state = { generation: row.generation, zone: row.zone, offsets };
  cache.set(db, state);
  return state;
}

function offsetAt(s: ZoneState, at: number): number {
  let lo = 0;
  let hi = s.offsets.length - 1;
  let off = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.offsets[mid]![0] <= at) {
      off = s.offsets[mid]![1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return off;
}

/** The rollup day starting exactly at `at`, or null when `at` is not a local midnight there. */
function dayStartingAt(s: ZoneState, at: number): number | null {
  const wall = at + offsetAt(s, at);
  return wall >= 0 && wall % DAY_MS === 0 ? wall / DAY_MS : null;
}

/** The instant local day `d` starts, or null when its midnight does not exist (a DST gap). */
function startOfDay(s: ZoneState, d: number): number | null {
  const wall = d * DAY_MS;
  const guess = wall - offsetAt(s, wall);
  const at = wall - offsetAt(s, guess);
  return dayStartingAt(s, at) === d ? at : null;
}

const RAW_TOTAL = "SELECT COALESCE(-SUM(credits), 0) FROM ledger_entries INDEXED BY ledger_charges_by_at WHERE kind = 'charge' AND at >= ? AND at < ?";
const RAW_BY_DEP =
  "SELECT deployment_id, -SUM(credits), COUNT(*) FROM ledger_entries INDEXED BY ledger_charges_by_at WHERE kind = 'charge' AND at >= ? AND at < ? GROUP BY deployment_id";
const ROLLUP_BY_DEP = 'SELECT deployment_id, -SUM(credits), SUM(hours) FROM charge_rollup_daily WHERE local_day >= ? AND local_day <= ? GROUP BY deployment_id';

type Spend = Map<number, { credits: number; hours: number }>;

function addRows(into: Spend, rows: [number, number, number][]): void {
  for (const [id, credits, hours] of rows) {
    const cur = into.get(id);
    if (cur) {
      cur.credits += credits;
      cur.hours += hours;
    } else into.set(id, { credits, hours });
  }
}

/** The whole rollup days inside [from, to): first and last day and where they start and end. */
function innerDays(s: ZoneState, from: number, to: number): { first: number; last: number; start: number; end: number } | null {
  const wallFrom = from + offsetAt(s, from);
  const first = Math.ceil(wallFrom / DAY_MS);
  const last = Math.floor((to + offsetAt(s, to)) / DAY_MS) - 1;
  if (last < first) return null;
  const start = startOfDay(s, first);
  const end = startOfDay(s, last + 1);
  if (start === null || end === null || start < from || end > to) return null;
  return { first, last, start, end };
}

/** Credits charged (positive) and hours charged per deployment in [from, to). */
export function chargeSpendByDeployment(db: Db, from: number, to: number): Spend {
  const out: Spend = new Map();
  if (!(to > from)) return out;
  const raw = cachedStatement(db, RAW_BY_DEP, 'raw');
  const inner = innerDays(zoneState(db), from, to);
  if (!inner) {
    addRows(out, raw.all(from, to) as [number, number, number][]);
    return out;
  }
  addRows(out, cachedStatement(db, ROLLUP_BY_DEP, 'raw').all(inner.first, inner.last) as [number, number, number][]);
  addRows(out, raw.all(from, inner.start) as [number, number, number][]);
  addRows(out, raw.all(inner.end, to) as [number, number, number][]);
  return out;
}

/** Credits charged (positive) in [from, to). */
export function chargeSpendBetween(db: Db, from: number, to: number): number {
  if (!(to > from)) return 0;
  const raw = cachedStatement(db, RAW_TOTAL, 'pluck');
  const inner = innerDays(zoneState(db), from, to);
  if (!inner) return raw.get(from, to) as number;
  const mid = cachedStatement(db, 'SELECT COALESCE(-SUM(credits), 0) FROM charge_rollup_daily WHERE local_day >= ? AND local_day <= ?', 'pluck').get(
    inner.first,
    inner.last,
  ) as number;
  return mid + (raw.get(from, inner.start) as number) + (raw.get(inner.end, to) as number);
}

/**
 * Credits per deployment for consecutive days given by their boundaries
 * (n + 1 instants). Days that are whole rollup days are read from the rollup
 * in one query; any other day from the index.
 */
export function chargeSpendByDay(db: Db, boundaries: readonly number[]): Map<number, number>[] {
  const s = zoneState(db);
  const out: Map<number, number>[] = [];
  const dayNums: (number | null)[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const d = dayStartingAt(s, boundaries[i]!);
    dayNums.push(d !== null && dayStartingAt(s, boundaries[i + 1]!) === d + 1 ? d : null);
    out.push(new Map());
  }
  const known = dayNums.filter((d): d is number => d !== null);
  if (known.length > 0) {
    const rows = cachedStatement(db, 'SELECT local_day, deployment_id, -credits FROM charge_rollup_daily WHERE local_day >= ? AND local_day <= ?', 'raw').all(
      Math.min(...known),
      Math.max(...known),
    ) as [number, number, number][];
    const index = new Map(dayNums.map((d, i) => [d, i]));
    for (const [day, id, credits] of rows) {
      const i = index.get(day);
      if (i !== undefined && dayNums[i] === day) out[i]!.set(id, credits);
    }
  }
  const raw = cachedStatement(db, RAW_BY_DEP, 'raw');
  dayNums.forEach((d, i) => {
    if (d !== null) return;
    for (const [id, credits] of raw.all(boundaries[i], boundaries[i + 1]) as [number, number, number][]) out[i]!.set(id, credits);
  });
  return out;
}

const offsetsCache = new Map<string, [number, number][]>();

/** UTC offsets of `zone` from 1970 to 2100 as [from, offset] steps (weekly probe, then to the minute). */
export function zoneOffsets(zone: string): [number, number][] {
  const hit = offsetsCache.get(zone);
  if (hit) return hit;
  const off = (t: number) => DateTime.fromMillis(t, { zone }).offset * 60_000;
  const out: [number, number][] = [[0, off(0)]];
  const end = Date.UTC(2100, 0, 1);
  const WEEK = 7 * DAY_MS;
  for (let t = WEEK; t <= end; t += WEEK) {
    const prev = out[out.length - 1]![1];
    if (off(t) === prev) continue;
    let lo = t - WEEK;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (off(mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push([hi, off(hi)]);
  }
  offsetsCache.set(zone, out);
  return out;
}

/**
 * Makes the rollup count local days in `zone`, rebuilding it from the ledger
 * when it was kept in another zone (a one-off scan of the charges). Cheap
 * when the zone already matches. Runs in its own transaction.
 */
export function ensureChargeRollupZone(db: Db, zone: string): boolean {
  if (zoneState(db).zone === zone) return false;
  const offsets = zoneOffsets(zone);
  db.transaction(() => {
    cachedStatement(db, 'DELETE FROM rollup_offsets').run();
    const ins = cachedStatement(db, 'INSERT INTO rollup_offsets (from_at, offset_ms) VALUES (?, ?)');
    for (const [from, offset] of offsets) ins.run(from, offset);
    fillChargeRollup(db);
    cachedStatement(db, 'UPDATE rollup_zone SET time_zone = ?, generation = generation + 1 WHERE id = 1').run(zone);
  }).immediate();
  cache.delete(db);
  return true;
}

function fillChargeRollup(db: Db): void {
  cachedStatement(db, 'DELETE FROM charge_rollup_daily').run();
  cachedStatement(
    db,
    `INSERT INTO charge_rollup_daily (local_day, deployment_id, credits, hours)
    SELECT (e.at + COALESCE((SELECT o.offset_ms FROM rollup_offsets o WHERE o.from_at <= e.at ORDER BY o.from_at DESC LIMIT 1), 0)) / 86400000,
           e.deployment_id, SUM(e.credits), COUNT(*)
    FROM ledger_entries e WHERE e.kind = 'charge' GROUP BY 1, 2`,
  ).run();
}

/**
 * Rebuilds the rollup from the ledger in its current zone, in one pass (for a
 * bulk load that wrote charges with the rollup trigger dropped). Call inside
 * the caller's transaction.
 */
export function rebuildChargeRollup(db: Db): void {
  fillChargeRollup(db);
  cachedStatement(db, 'UPDATE rollup_zone SET generation = generation + 1 WHERE id = 1').run();
  cache.delete(db);
}
