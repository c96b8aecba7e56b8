import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { parseDateRange, parseLocalDate, statementMonths } from '../../../main/core/reports/export-range.js';

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('parseLocalDate', () => {
  it.each([
    ['2026-03-29', 'Europe/Berlin', '2026-03-29T00:00', '2026-03-30T00:00'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-25T00:00', '2026-10-26T00:00'],
    ['2026-02', 'America/New_York', '2026-02-01T00:00', '2026-03-01T00:00'],
    ['2024-02-29', 'UTC', '2024-02-29T00:00', '2024-03-01T00:00'],
    [' 2026-12 ', 'Asia/Kolkata', '2026-12-01T00:00', '2027-01-01T00:00'],
  ])('%s in %s covers its local day(s)', (text, zone, start, end) => {
    expect(parseLocalDate(text, zone, '--from')).toEqual({ start: local(start, zone), end: local(end, zone) });
  });

  it.each(['2026-02-30', '2026-13', '2026-1-5', '26-01-01', '2026-01-01T10:00:00Z', 'yesterday', '', '2026/01/01'])('refuses %j', (text) => {
    expect(() => parseLocalDate(text, 'UTC', '--from')).toThrow(RefusedError);
  });
});

describe('parseDateRange', () => {
  it.each([
    [undefined, undefined, null, null],
    ['2026-03-01', '2026-03-31', '2026-03-01T00:00', '2026-04-01T00:00'],
    ['2026-03', '2026-03', '2026-03-01T00:00', '2026-04-01T00:00'],
    ['2026-03-05', '2026-03-05', '2026-03-05T00:00', '2026-03-06T00:00'],
    ['2026-03-05', undefined, '2026-03-05T00:00', null],
  ])('--from %s --to %s (both inclusive days)', (from, to, start, end) => {
    expect(parseDateRange(from, to, 'Europe/Berlin')).toEqual({
      from: start === null ? null : local(start, 'Europe/Berlin'),
      to: end === null ? null : local(end, 'Europe/Berlin'),
    });
  });

  it.each([
    ['2026-03-06', '2026-03-05'],
    ['2026-04', '2026-03-31'],
  ])('refuses --from %s after --to %s', (from, to) => {
    expect(() => parseDateRange(from, to, 'UTC')).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });
});

describe('statementMonths', () => {
  const zone = 'Europe/Berlin';
  const now = local('2026-04-15T12:00', zone);
  const r = (from?: string, to?: string) => parseDateRange(from, to, zone);
  const months = (m: { start: number }[]) => m.map((x) => DateTime.fromMillis(x.start, { zone }).toFormat('yyyy-MM'));
  it.each([
    ['no range: the current month', r(), ['2026-04']],
    ['--from alone: that month', r('2026-01-10'), ['2026-01']],
    ['--to alone: that month', r(undefined, '2026-02-03'), ['2026-02']],
    ['both: every month between', r('2025-11', '2026-02-14'), ['2025-11', '2025-12', '2026-01', '2026-02']],
    ['months not started are left off the end', r('2026-03', '2026-09'), ['2026-03', '2026-04']],
  ])('%s', (_what, range, expected) => {
    const m = statementMonths(range, now, zone);
    expect(months(m)).toEqual(expected);
    m.forEach((x) => expect(DateTime.fromMillis(x.end, { zone }).toMillis()).toBe(DateTime.fromMillis(x.start, { zone }).plus({ months: 1 }).toMillis()));
  });

  it.each([
    ['a future month', r('2026-05')],
    ['more than ten years', r('2010-01', '2026-04')],
  ])('refuses %s', (_what, range) => {
    expect(() => statementMonths(range, now, zone)).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });
});
