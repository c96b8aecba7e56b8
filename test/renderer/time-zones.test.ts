import { describe, expect, it } from 'vitest';
import { timeZoneChoices } from '../../renderer/src/format/time-zones';

describe('the time-zone picker’s list (issue 10: UTC is always in the list)', () => {
  it.each([
    ['a browser list without UTC (Chromium)', 'Europe/Berlin', ['Europe/Berlin', 'America/New_York'], ['UTC', 'America/New_York', 'Europe/Berlin']],
    ['UTC saved, browser list without it', 'UTC', ['Asia/Tokyo'], ['UTC', 'Asia/Tokyo']],
    ['a saved zone the browser does not know', 'Etc/GMT+5', ['Asia/Tokyo'], ['UTC', 'Asia/Tokyo', 'Etc/GMT+5']],
    ['no Intl.supportedValuesOf at all', 'Europe/Berlin', [], ['UTC', 'Europe/Berlin']],
    ['UTC listed by the browser: once', 'UTC', ['UTC', 'Asia/Tokyo'], ['UTC', 'Asia/Tokyo']],
  ])('%s', (_what, saved, known, expected) => {
    expect(timeZoneChoices(saved, known)).toEqual(expected);
  });
});
