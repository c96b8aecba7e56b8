// Countdowns and durations for display. Times arrive from the engine as ISO
// strings or epoch ms; "now" is the engine's clock reading, never the wall clock,
// so a simulated clock in tests shows consistent figures.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration as "2 d 7 h", "5 h 12 min", "23 min", "under 1 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < MINUTE) return 'under 1 min';
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** "in 23 min" / "due now" for a moment relative to the engine's now. */
export function formatCountdown(target: number | string | null | undefined, now: number | string): string {
  if (target === null || target === undefined) return '—';
  const ms = toMs(target) - toMs(now);
  if (ms <= 0) return 'due now';
  return `in ${formatDuration(ms)}`;
}

/** Epoch ms from an ISO string or a number. */
export function toMs(t: number | string): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

/** "Thu 14:02" in the user's time zone. */
export function formatWeekdayTime(t: number | string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(toMs(t));
}

/** Beyond this a weekday alone is ambiguous ("Thu" could be this week's or next). */
const WEEKDAY_ONLY_MS = 6 * DAY;

/**
 * A coming moment as a person reads it: "Thu 14:02" within 6 days of `now`,
 * else with its date, "Thu 12 Mar, 14:02" (a weekday alone would point at the
 * wrong week). In the user's time zone.
 */
export function formatComingTime(t: number | string, now: number | string, timeZone?: string): string {
  if (toMs(t) - toMs(now) <= WEEKDAY_ONLY_MS) return formatWeekdayTime(t, timeZone);
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(toMs(t));
}

/** "25 Nov 2025, 14:02" in the user's time zone. */
export function formatDateTime(t: number | string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(toMs(t));
}

/** "Tuesday 25 November" — the heading of a day group. */
export function formatDayHeading(t: number | string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(toMs(t));
}

/** "Tue 25" — a short day label for chart axes, from a local date "2025-11-25". */
export function formatDayLabel(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}
