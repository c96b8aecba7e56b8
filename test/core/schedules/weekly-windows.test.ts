import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import type { PauseSchedule } from '../../../main/core/schedules/schedule-types.js';
import { firstEdge, isPausedAt, nextEdgeAfter, parseDays, parseWindowRange, pauseIntervals } from '../../../main/core/schedules/weekly-windows.js';

const at = (s: string) => Date.parse(s);
const sched = (windows: PauseSchedule['windows'], timeZone = 'Europe/Berlin'): PauseSchedule => ({ deploymentId: 1, timeZone, windows });
const nights = sched([{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '20:00', end: '08:00' }]);

describe('pause window text', () => {
  it.each([
    ['20:00-08:00', { start: '20:00', end: '08:00' }],
    [' 09:30 - 17:45 ', { start: '09:30', end: '17:45' }],
    ['00:00-24:00', { start: '00:00', end: '24:00' }],
  ])('%s is a window', (text, want) => expect(parseWindowRange(text)).toEqual(want));

  it.each(['8-20', '25:00-08:00', '20:00-08:60', '24:00-08:00', '10:00-10:00', '', '20:00'])('%s is refused', (text) => {
    expect(() => parseWindowRange(text)).toThrow(/window|empty/);
  });

  it.each([
    ['mon,tue', ['mon', 'tue']],
    ['mon-fri', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['weekend', ['sat', 'sun']],
    ['SUN, mon', ['mon', 'sun']],
    ['all', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']],
  ])('days %s', (text, want) => expect(parseDays(text)).toEqual(want));

  it.each(['monday', 'fri-mon', '', 'mon,xyz'])('days %s are refused', (text) => expect(() => parseDays(text)).toThrow(/day list/));
});

describe('pause intervals in local time', () => {
  it('a night window crossing the spring-forward change lasts 11 real hours (Berlin, 29 March 2026)', () => {
    const [iv] = pauseIntervals(nights, at('2026-03-28T18:00:00Z'), at('2026-03-29T12:00:00Z'));
    expect(iv).toEqual({ start: at('2026-03-28T19:00:00Z'), end: at('2026-03-29T06:00:00Z') });
    expect((iv!.end - iv!.start) / HOUR_MS).toBe(11);
  });

  it('a night window crossing the fall-back change lasts 13 real hours (Berlin, 25 October 2026)', () => {
    const [iv] = pauseIntervals(nights, at('2026-10-24T17:00:00Z'), at('2026-10-25T12:00:00Z'));
    expect((iv!.end - iv!.start) / HOUR_MS).toBe(13);
    expect(iv!.end).toBe(at('2026-10-25T07:00:00Z'));
  });

  it('touching windows merge: Friday night into a paused weekend into Monday morning is one pause', () => {
    const s = sched(
      [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '20:00', end: '08:00' },
        { days: ['sat', 'sun'], start: '00:00', end: '24:00' },
        { days: ['mon'], start: '00:00', end: '08:00' },
      ],
      'UTC',
    );
    const ivs = pauseIntervals(s, at('2026-03-06T12:00:00Z'), at('2026-03-09T12:00:00Z'));
    expect(ivs).toEqual([{ start: at('2026-03-06T20:00:00Z'), end: at('2026-03-09T08:00:00Z') }]);
  });

  it.each([
    ['2026-03-02T18:59:00Z', false],
    ['2026-03-02T19:00:00Z', true],
    ['2026-03-03T06:59:00Z', true],
    ['2026-03-03T07:00:00Z', false],
  ])('paused at %s (Berlin 20:00–08:00): %s', (t, want) => expect(isPausedAt(nights, at(t))).toBe(want));

  it('the next edge after an instant alternates pause and resume', () => {
    expect(nextEdgeAfter(nights, at('2026-03-02T12:00:00Z'))).toEqual({ at: at('2026-03-02T19:00:00Z'), kind: 'pause' });
    expect(nextEdgeAfter(nights, at('2026-03-02T19:00:00Z'))).toEqual({ at: at('2026-03-03T07:00:00Z'), kind: 'resume' });
  });

  it('a schedule set inside a window pauses at once; one covering the whole week has no resume', () => {
    expect(firstEdge(nights, at('2026-03-02T22:00:00Z'))).toEqual({ at: at('2026-03-02T22:00:00Z'), kind: 'pause' });
    const always = sched([{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }]);
    expect(nextEdgeAfter(always, at('2026-03-02T22:00:00Z'))).toBeNull();
  });
});
