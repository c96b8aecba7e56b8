import { DateTime, IANAZone } from 'luxon';
import { DAY_MS } from '../clock.js';
import { RefusedError } from '../errors.js';
import { timeZoneSchema } from '../settings/engine-settings.js';
import { type Interval, type PauseSchedule, type PauseWindow, type ScheduleEdge, WEEKDAYS, type Weekday } from './schedule-types.js';

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
/** How far around an instant windows are expanded: beyond a week, so a window that wraps into next week is seen. */
const SPAN_BEFORE = 8 * DAY_MS;
const SPAN_AFTER = 16 * DAY_MS;

/** Parses `HH:MM-HH:MM` into a window's start and end, or refuses. */
export function parseWindowRange(text: string): { start: string; end: string } {
  const m = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/.exec(text);
  if (!m || !TIME_RE.test(m[1]!) || !TIME_RE.test(m[2]!) || m[1] === '24:00') {
    throw new RefusedError('invalid_schedule', `'${text}' is not a pause window: use HH:MM-HH:MM, e.g. 20:00-08:00 (24:00 ends the day)`);
  }
  if (m[1] === m[2]) throw new RefusedError('invalid_schedule', `'${text}' is empty: use 00:00-24:00 for a whole day`);
  return { start: m[1]!, end: m[2]! };
}

/** Parses `mon,tue,…` (also `mon-fri`, `weekdays`, `weekend`, `all`) into weekdays, or refuses. */
export function parseDays(text: string): Weekday[] {
  const out = new Set<Weekday>();
  for (const raw of text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (raw === 'all' || raw === 'daily') WEEKDAYS.forEach((d) => out.add(d));
    else if (raw === 'weekdays') WEEKDAYS.slice(0, 5).forEach((d) => out.add(d));
    else if (raw === 'weekend') ['sat', 'sun'].forEach((d) => out.add(d as Weekday));
    else if (/^[a-z]{3}-[a-z]{3}$/.test(raw)) {
      const [a, b] = raw.split('-').map((d) => WEEKDAYS.indexOf(d as Weekday));
      if (a === undefined || b === undefined || a < 0 || b < 0 || b < a) throw badDays(raw);
      WEEKDAYS.slice(a, b + 1).forEach((d) => out.add(d));
    } else if (WEEKDAYS.includes(raw as Weekday)) out.add(raw as Weekday);
    else throw badDays(raw);
  }
  if (out.size === 0) throw badDays(text);
  return WEEKDAYS.filter((d) => out.has(d));
}

function badDays(raw: string): RefusedError {
  return new RefusedError('invalid_schedule', `'${raw}' is not a day list: use mon,tue,wed,thu,fri,sat,sun (or mon-fri, weekdays, weekend)`);
}

/** Checks a schedule's zone and windows, returning it normalised, or refuses. */
export function validateSchedule(s: PauseSchedule): PauseSchedule {
  if (!timeZoneSchema.safeParse(s.timeZone).success) {
    throw new RefusedError('invalid_time_zone', `'${s.timeZone}' is not a known time zone (use Area/City, e.g. Europe/Berlin)`);
  }
  if (!Array.isArray(s.windows) || s.windows.length === 0 || s.windows.length > 50) {
    throw new RefusedError('invalid_schedule', 'a schedule has 1–50 pause windows');
  }
  const windows = s.windows.map((w) => ({ ...parseWindowRange(`${w.start}-${w.end}`), days: parseDays(w.days.join(',')) }));
  return { deploymentId: s.deploymentId, timeZone: s.timeZone, windows };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** A local day: when it starts, its UTC offset then (minutes), its ISO weekday, and whether it starts at 00:00. */
interface LocalDay {
  start: number;
  offset: number;
  weekday: number;
  atMidnight: boolean;
  /** luxon's view of the start, made only on the days that need it (a DST change). */
  dt?: DateTime;
}

function dayTime(d: LocalDay, zone: string): DateTime {
  return (d.dt ??= DateTime.fromMillis(d.start, { zone }));
}

function fromLuxon(dt: DateTime): LocalDay {
  return { start: dt.toMillis(), offset: dt.offset, weekday: dt.weekday, atMidnight: dt.hour === 0 && dt.minute === 0, dt };
}

/**
 * Consecutive local days from the one holding `from` to the first two that
 * start at or after `to`. A day that starts at midnight is followed 24 h later
 * by the next midnight when the UTC offset there is the same (no DST change
 * in between): one offset lookup instead of luxon's date arithmetic. Around a
 * change, luxon finds the next start (01:00 where DST skips midnight).
 */
function localDays(timeZone: string, from: number, to: number): LocalDay[] {
  const zone = IANAZone.create(timeZone);
  const days = [fromLuxon(DateTime.fromMillis(from, { zone: timeZone }).startOf('day'))];
  for (let extra = 0; extra < 2;) {
    const prev = days[days.length - 1]!;
    const candidate = prev.start + DAY_MS;
    const next: LocalDay =
      prev.atMidnight && zone.offset(candidate) === prev.offset
        ? { start: candidate, offset: prev.offset, weekday: (prev.weekday % 7) + 1, atMidnight: true }
        : fromLuxon(dayTime(prev, timeZone).plus({ days: 1 }).startOf('day'));
    days.push(next);
    if (next.start >= to) extra++;
  }
  return days;
}

/**
 * The local wall-clock time `minutes` after the start of local day `i`, as
 * epoch ms. A day that starts at midnight with the same UTC offset as the
 * next has no DST change, so plain arithmetic is exact; on the two change
 * days a year luxon places the time (moving one that DST skips forward).
 * Expanding schedules is on the settle path, and luxon's offset lookups
 * were most of its cost.
 */
function localAt(days: readonly LocalDay[], i: number, minutes: number, timeZone: string): number {
  const base = days[i + Math.floor(minutes / 1440)]!;
  const next = days[i + Math.floor(minutes / 1440) + 1]!;
  const m = minutes % 1440;
  if (base.atMidnight && base.offset === next.offset) return base.start + m * 60_000;
  return dayTime(base, timeZone)
    .set({ hour: Math.floor(m / 60), minute: m % 60 })
    .toMillis();
}

/** Window `w` on local day `i` as a paused interval, or null when it does not apply that weekday. */
function windowInterval(days: readonly LocalDay[], i: number, w: PauseWindow, timeZone: string): Interval | null {
  const weekday = WEEKDAYS[days[i]!.weekday - 1]!;
  if (!w.days.includes(weekday)) return null;
  const start = minutesOf(w.start);
  let end = minutesOf(w.end);
  if (end <= start) end += 1440;
  return { start: localAt(days, i, start, timeZone), end: localAt(days, i, end, timeZone) };
}

interface CachedRange {
  from: number;
  to: number;
  intervals: Interval[];
}

/** Expanded intervals per schedule: the settle loop and the runway ask for the same weeks again and again. */
const cache = new Map<string, CachedRange>();
const CACHE_MAX = 200;
const CACHE_PAD = 45 * DAY_MS;

/** Paused intervals overlapping [from, to), merged where they touch or overlap, DST-correct. */
export function pauseIntervals(s: PauseSchedule, from: number, to: number): Interval[] {
  const key = `${s.timeZone}|${JSON.stringify(s.windows)}`;
  let hit = cache.get(key);
  if (!hit || from < hit.from || to > hit.to) {
    const lo = Math.min(from, hit?.from ?? from) - DAY_MS * 8;
    const hi = Math.max(to, hit?.to ?? to) + CACHE_PAD;
    hit = { from: lo, to: hi, intervals: expandIntervals(s, lo, hi) };
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  const all = hit.intervals;
  // First interval ending after `from` (binary search), then those starting before `to`.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.end <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: Interval[] = [];
  for (let i = lo; i < all.length && all[i]!.start < to; i++) out.push({ ...all[i]! });
  return out;
}

/** Expands the windows over [from, to) (plus the windows still open at `from`), merged. */
function expandIntervals(s: PauseSchedule, from: number, to: number): Interval[] {
  // From two days before `from` (a window still open then), plus two days past `to` for windows that end on a later day.
  const days = localDays(s.timeZone, from - DAY_MS * 2, to);
  const raw: Interval[] = [];
  for (let i = 0; days[i]!.start < to; i++) {
    for (const w of s.windows) {
      const iv = windowInterval(days, i, w, s.timeZone);
      if (iv && iv.end > from && iv.start < to) raw.push(iv);
    }
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else merged.push({ ...iv });
  }
  return merged;
}

/** Whether the schedule has the deployment paused at `t`. */
export function isPausedAt(s: PauseSchedule, t: number): boolean {
  return pauseIntervals(s, t - DAY_MS * 2, t + DAY_MS * 2).some((iv) => iv.start <= t && t < iv.end);
}

/**
 * The first edge strictly after `t`, or null when the windows cover the whole
 * week (paused for good: there is no edge to find).
 */
export function nextEdgeAfter(s: PauseSchedule, t: number): ScheduleEdge | null {
  const horizon = t + SPAN_AFTER;
  for (const iv of pauseIntervals(s, t - SPAN_BEFORE, horizon)) {
    if (iv.start > t) return iv.start < horizon - DAY_MS * 2 ? { at: iv.start, kind: 'pause' } : null;
    if (iv.end > t) return iv.end < horizon - DAY_MS * 2 ? { at: iv.end, kind: 'resume' } : null;
  }
  return null;
}

/** The edge a newly set schedule starts from: a pause right now when `now` is inside a window. */
export function firstEdge(s: PauseSchedule, now: number): ScheduleEdge | null {
  return isPausedAt(s, now) ? { at: now, kind: 'pause' } : nextEdgeAfter(s, now);
}

/** Human text for a window: "mon–fri 20:00–08:00". */
export function describeWindow(w: PauseWindow): string {
  const days = w.days.length === 7 ? 'every day' : w.days.join(',');
  return `${days} ${w.start}–${w.end}`;
}
