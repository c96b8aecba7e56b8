import { IANAZone } from 'luxon';
import { DAY_MS } from '../clock.js';

/**
 * Returns a formatter from epoch ms to ISO-8601 local time with its UTC offset
 * (`2026-01-31T23:30:00+01:00`, `…Z` at offset zero). Exports format a million
 * of these and a zone lookup costs microseconds, so offsets are looked up at
 * UTC midnights only: a UTC day whose two ends share an offset has it all day
 * (no zone changes twice within 24 h); a day with a change is looked up per row.
 */
export function localIsoFormatter(tz: string): (ms: number) => string {
  const zone = IANAZone.create(tz);
  const boundary = new Map<number, number>();
  const offsetAtMidnight = (day: number): number => {
    let v = boundary.get(day);
    if (v === undefined) {
      if (boundary.size > 100_000) boundary.clear();
      v = zone.offset(day * DAY_MS);
      boundary.set(day, v);
    }
    return v;
  };
  const offsetAt = (ms: number): number => {
    const day = Math.floor(ms / DAY_MS);
    const start = offsetAtMidnight(day);
    return start === offsetAtMidnight(day + 1) ? start : zone.offset(ms);
  };
  // Date.toISOString costs microseconds too: build the wall-clock text from a per-day date prefix.
  const dayPrefix = new Map<number, string>();
  const suffixes = new Map<number, string>();
  return (ms: number) => {
    const offsetMin = offsetAt(ms);
    const wall = ms + offsetMin * 60_000;
    const day = Math.floor(wall / DAY_MS);
    let prefix = dayPrefix.get(day);
    if (prefix === undefined) {
      if (dayPrefix.size > 100_000) dayPrefix.clear();
      prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
      dayPrefix.set(day, prefix);
    }
    let suffix = suffixes.get(offsetMin);
    if (suffix === undefined) {
      suffix = offsetSuffix(offsetMin);
      suffixes.set(offsetMin, suffix);
    }
    const inDay = wall - day * DAY_MS;
    const millis = inDay % 1000;
    const secs = (inDay - millis) / 1000;
    const time = `${TWO[Math.floor(secs / 3600)]}:${TWO[Math.floor(secs / 60) % 60]}:${TWO[secs % 60]}`;
    return millis === 0 ? `${prefix}${time}${suffix}` : `${prefix}${time}.${String(millis).padStart(3, '0')}${suffix}`;
  };
}

/** "00".."59", the two-digit fields of a time. */
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `+01:00`, `-05:30`, or `Z` for a zero offset. */
function offsetSuffix(offsetMin: number): string {
  if (offsetMin === 0) return 'Z';
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
