import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../main/core/clock.js';
import { type Interval, type PauseSchedule, WEEKDAYS } from '../../../main/core/schedules/schedule-types.js';
import { pauseIntervals } from '../../../main/core/schedules/weekly-windows.js';
import { seeded } from '../../support/property-seed.js';

/**
 * The rule stated plainly, with luxon doing every step: each local day, each
 * window that applies that weekday pauses from its start to its end (the next
 * day when it ends earlier), wall times placed by luxon; touching intervals merge.
 */
function reference(s: PauseSchedule, from: number, to: number): Interval[] {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const at = (day: DateTime, m: number) =>
    day
      .plus({ days: Math.floor(m / 1440) })
      .startOf('day')
      .set({ hour: Math.floor((m % 1440) / 60), minute: m % 60 })
      .toMillis();
  const raw: Interval[] = [];
  for (let day = DateTime.fromMillis(from - 2 * DAY_MS, { zone: s.timeZone }).startOf('day'); day.toMillis() < to; day = day.plus({ days: 1 }).startOf('day')) {
    for (const w of s.windows) {
      if (!w.days.includes(WEEKDAYS[day.weekday - 1]!)) continue;
      const start = minutes(w.start);
      const end = minutes(w.end) <= start ? minutes(w.end) + 1440 : minutes(w.end);
      raw.push({ start: at(day, start), end: at(day, end) });
    }
  }
  const merged: Interval[] = [];
  for (const iv of raw.sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else merged.push({ ...iv });
  }
  return merged.filter((iv) => iv.end > from && iv.start < to).map((iv) => ({ start: Math.max(iv.start, from), end: Math.min(iv.end, to) }));
}

// Zones with DST at midnight (Santiago, Havana, Asunción), half-hour DST (Lord Howe), odd offsets, none at all.
const ZONES = [
  'America/Santiago',
  'America/Havana',
  'America/Asuncion',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Chatham',
  'UTC',
];
const TIMES = ['00:00', '00:30', '01:00', '02:00', '02:30', '03:00', '08:00', '20:00', '23:30'];

describe('pause intervals (property)', () => {
  it('equal the plain luxon expansion of the rule, across DST changes in many zones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(
          fc
            .record({ days: fc.subarray([...WEEKDAYS], { minLength: 1 }), start: fc.constantFrom(...TIMES), end: fc.constantFrom(...TIMES, '24:00') })
            .filter((w) => w.start !== w.end),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 0, max: 3 * 365 }),
        (timeZone, windows, dayOffset) => {
          const s: PauseSchedule = { deploymentId: 1, timeZone, windows };
          const from = Date.UTC(2025, 0, 1) + dayOffset * DAY_MS;
          const to = from + 60 * DAY_MS;
          const clip = (l: Interval[]) => l.map((iv) => ({ start: Math.max(iv.start, from), end: Math.min(iv.end, to) }));
          expect(clip(pauseIntervals(s, from, to))).toEqual(
            reference(s, from - 20 * DAY_MS, to + 20 * DAY_MS)
              .filter((iv) => iv.end > from && iv.start < to)
              .map((iv) => ({ start: Math.max(iv.start, from), end: Math.min(iv.end, to) })),
          );
        },
      ),
      seeded({ numRuns: 150 }),
    );
  });
});
