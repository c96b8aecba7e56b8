import { describe, expect, it } from 'vitest';
import { checkInstantInRange, parseInstant } from '../../main/core/clock.js';

describe('an instant given from outside (--now, BURNRATE_NOW, --from, --expires, the test clock)', () => {
  it.each([
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31T14:00:00Z', '2026-01-31T14:00:00.000Z'],
    ['2026-01-31T14:00Z', '2026-01-31T14:00:00.000Z'],
    ['2026-01-31T14:00', '2026-01-31T14:00:00.000Z'],
    ['2026-01-31t14:00:00z', '2026-01-31T14:00:00.000Z'],
    ['2026-01-31 14:00:00Z', '2026-01-31T14:00:00.000Z'],
    ['2026-01-31T14:00:00.5Z', '2026-01-31T14:00:00.500Z'],
    ['2026-01-31T14:00:00.123456789Z', '2026-01-31T14:00:00.123Z'],
    ['2026-01-31T14:00:00+01:00', '2026-01-31T13:00:00.000Z'],
    ['2026-01-31T14:00:00+0530', '2026-01-31T08:30:00.000Z'],
    ['2026-01-31T14:00:00-08', '2026-01-31T22:00:00.000Z'],
    ['2026-01-31T14:00:00+14:00', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31T14:00:00-12:00', '2026-02-01T02:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    [' 2026-03-02T09:00:00Z ', '2026-03-02T09:00:00.000Z'],
    ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'],
    ['2100-01-01T00:00:00Z', '2100-01-01T00:00:00.000Z'],
    ['2100-01-01T01:00:00+01:00', '2100-01-01T00:00:00.000Z'],
  ])('%j is %s', (text, iso) => {
    expect(parseInstant(text, '--now').toISOString()).toBe(iso);
  });

  it.each([
    ['', 'invalid_date', /--now is empty/],
    ['   ', 'invalid_date', /--now is empty/],
    ['yesterday', 'invalid_date', /not an ISO-8601 instant/],
    ['2026-13-01', 'invalid_date', /not an ISO-8601/],
    ['2026-02-30', 'invalid_date', /not an ISO-8601/],
    ['2025-02-29', 'invalid_date', /not an ISO-8601/],
    ['2026-00-10', 'invalid_date', /not an ISO-8601/],
    ['2026-01-00', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T24:00:00Z', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:60:00Z', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:60Z', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:00+99:00', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:00+14:01', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:00-15:00', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:00+01:60', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:00+1:00', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31Z', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14', 'invalid_date', /not an ISO-8601/],
    ['2026-W05-1', 'invalid_date', /not an ISO-8601/],
    ['2026-031', 'invalid_date', /not an ISO-8601/],
    ['20260131T140000Z', 'invalid_date', /not an ISO-8601/],
    ['1769817600000', 'invalid_date', /not an ISO-8601/],
    ['+002026-01-31', 'invalid_date', /not an ISO-8601/],
    ['2026-01-31T14:00:00Z\u001b[2J', 'invalid_date', /\\u001b/],
    ['1969-12-31T23:59:59Z', 'date_out_of_range', /1969-12-31T23:59:59.000Z is outside the range Burnrate accepts \(2000-01-01 to 2100-01-01\)/],
    ['1999-12-31T23:59:59.999Z', 'date_out_of_range', /outside the range/],
    ['2000-01-01T00:00:00+00:01', 'date_out_of_range', /outside the range/],
    ['2100-01-01T00:00:00.001Z', 'date_out_of_range', /outside the range/],
    ['9999-12-31', 'date_out_of_range', /9999-12-31T00:00:00.000Z is outside/],
    ['0000-01-01', 'date_out_of_range', /outside the range/],
  ])('%j is refused (%s)', (text, code, message) => {
    expect(() => parseInstant(text, '--now')).toThrow(expect.objectContaining({ name: 'RefusedError', code, message: expect.stringMatching(message) }));
  });

  it.each([undefined, null, 42, {}])('%j (not text) is refused', (value) => {
    expect(() => parseInstant(value, '--now')).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });

  it.each([Number.NaN, Infinity, -1, Date.UTC(1999, 11, 31), Date.UTC(2100, 0, 1) + 1, 8.64e15 + 1])('a clock moved to %s ms is refused', (ms) => {
    expect(() => checkInstantInRange(ms, 'the moved clock')).toThrow(
      expect.objectContaining({ code: 'date_out_of_range', message: expect.stringMatching(/^the moved clock /) }),
    );
  });
});
