import { describe, expect, it } from 'vitest';
import type { Runway } from '../../renderer/src/api/types';
import { formatFirstToPause, formatRunwayLength, pillRunwayLines } from '../../renderer/src/format/runway';
import { formatComingTime, formatCountdown, formatDuration } from '../../renderer/src/format/time';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('countdowns and durations', () => {
  it('reads like the UX examples', () => {
    expect(formatDuration(2 * 24 * HOUR + 7 * HOUR + 5 * MIN)).toBe('2 d 7 h');
    expect(formatDuration(23 * MIN + 59_000)).toBe('23 min');
    expect(formatDuration(5 * HOUR + 12 * MIN)).toBe('5 h 12 min');
    expect(formatDuration(11 * HOUR)).toBe('11 h');
    expect(formatDuration(3 * 24 * HOUR)).toBe('3 d');
    expect(formatDuration(30_000)).toBe('under 1 min');
  });
  it('counts down to the next charge from the engine clock', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(formatCountdown('2025-03-01T12:23:00Z', now)).toBe('in 23 min');
    expect(formatCountdown(now, now)).toBe('due now');
    expect(formatCountdown(null, now)).toBe('—');
    expect(formatCountdown('2025-03-01T13:00:00.000Z', '2025-03-01T12:00:00.000Z')).toBe('in 1 h');
  });
});

describe('runway length', () => {
  const runway = { state: 'ok' as const, endsAt: null, hours: null, firstToPause: null };
  it('tells "nothing burns" from "lasts past the 90-day horizon"', () => {
    expect(formatRunwayLength(runway, false)).toBe('Nothing running');
    expect(formatRunwayLength(runway, true)).toBe('Over 90 days');
    expect(formatRunwayLength({ ...runway, hours: 55.5 }, true)).toBe('2 d 7 h');
    // Nothing burns because everything is paused for credits: say so, not "Nothing running".
    expect(formatRunwayLength(runway, false, 2)).toBe('Out of credits — 2 paused');
    expect(formatRunwayLength({ ...runway, hours: 5 }, true, 1)).toBe('5 h');
  });
});

describe("the balance pill's runway lines", () => {
  const runway = { state: 'ok' as const, endsAt: null, hours: null, firstToPause: null };
  it.each([
    ['burning, nothing paused', { ...runway, hours: 55.5 }, 2, 0, { runway: 'Runway 2 d 7 h', paused: null }],
    ['burning past the horizon', runway, 1, 0, { runway: 'Runway over 90 days', paused: null }],
    ['burning, one paused for credits', { ...runway, hours: 5 }, 1, 1, { runway: 'Runway 5 h', paused: '1 paused for credits' }],
    ['everything paused for credits: the runway line says so, with the count, once', runway, 0, 2, { runway: 'Out of credits — 2 paused', paused: null }],
    ['nothing deployed', runway, 0, 0, { runway: 'Nothing running', paused: null }],
  ])('%s', (_what, r, running, paused, lines) => {
    expect(pillRunwayLines(r, running, paused)).toEqual(lines);
  });
});

describe('when the runway ends (issue 10: a date, not only a weekday, beyond 6 days)', () => {
  const NOW = '2026-03-02T09:00:00Z'; // a Monday
  const runway = (at: string): Runway => ({ state: 'ok', endsAt: at, hours: null, firstToPause: { deploymentId: 1, name: 'llama-70b', at } });
  it.each([
    ['2026-03-05T14:02:00Z', 'llama-70b pauses first, Thu 14:02'],
    ['2026-03-08T09:00:00Z', 'llama-70b pauses first, Sun 09:00'],
    ['2026-03-08T09:01:00Z', 'llama-70b pauses first, Sun 8 Mar, 09:01'],
    ['2026-03-12T14:02:00Z', 'llama-70b pauses first, Thu 12 Mar, 14:02'],
    ['2026-04-30T23:30:00Z', 'llama-70b pauses first, Thu 30 Apr, 23:30'],
  ])('%s → "%s"', (at, words) => {
    expect(formatFirstToPause(runway(at), NOW, 'UTC')).toBe(words);
  });
  it('reads the date in the user’s time zone', () => {
    expect(formatComingTime('2026-03-12T23:30:00Z', NOW, 'Europe/Berlin')).toBe('Fri 13 Mar, 00:30');
  });
});
