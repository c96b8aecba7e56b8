import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localIsoFormatter } from '../../../main/core/reports/local-time.js';

/** Luxon's own answer, the reference the fast formatter must match. */
function reference(ms: number, zone: string): string {
  const iso = DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
  return iso.replace(/\+00:00$/, 'Z');
}

describe('localIsoFormatter', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29T00:59:59.999Z'],
    ['Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['Europe/Berlin', '2026-10-25T00:30:00Z'],
    ['Europe/Berlin', '2026-10-25T01:00:00.001Z'],
    ['America/New_York', '2026-03-08T06:59:59Z'],
    ['America/New_York', '2026-03-08T07:00:00Z'],
    ['Asia/Kolkata', '2026-01-01T00:00:00Z'],
    ['America/St_Johns', '2026-11-01T03:30:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T14:59:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
    ['UTC', '2026-06-01T12:34:56.789Z'],
    ['Pacific/Kiritimati', '1995-01-01T09:59:59Z'],
  ])('%s at %s matches luxon', (zone, iso) => {
    const ms = Date.parse(iso);
    expect(localIsoFormatter(zone)(ms)).toBe(reference(ms, zone));
  });

  it.each(['Europe/Berlin', 'America/Sao_Paulo', 'Africa/Casablanca', 'Australia/Lord_Howe'])('%s: every 97 minutes for a year matches luxon', (zone) => {
    const f = localIsoFormatter(zone);
    const start = Date.parse('2018-01-01T00:00:00Z');
    for (let ms = start; ms < start + 366 * 86_400_000; ms += 97 * 60_000) {
      const got = f(ms);
      if (got !== reference(ms, zone)) expect(got).toBe(reference(ms, zone));
    }
  });
});
