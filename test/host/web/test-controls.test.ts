import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { moveClock } from '../../../main/host/web/test-controls.js';

const START = Date.parse('2026-03-02T09:00:00Z');

describe("the web host's test clock keeps to the same bounds as BURNRATE_NOW", () => {
  it.each([
    ['set to 1969', START, { set: '1969-12-31T00:00:00Z' }, 'date_out_of_range'],
    ['set to 9999', START, { set: '9999-12-31T00:00:00Z' }, 'date_out_of_range'],
    ['set with an offset no zone has', START, { set: '2026-03-02T09:00:00+99:00' }, 'invalid_input'],
    ['moved a year past 2100', Date.parse('2099-12-31T00:00:00Z'), { advanceMs: 366 * 86_400_000 }, 'date_out_of_range'],
    ['not a move', START, { advanceMs: 'soon' }, 'invalid_input'],
  ])('%s is refused and the clock stays', (_what, start, input, code) => {
    const clock = new SimulatedClock(start);
    expect(() => moveClock(clock, input)).toThrow(expect.objectContaining({ code }));
    expect(clock.now().getTime()).toBe(start);
  });

  it.each([
    [{ advanceMs: 3_600_000 }, '2026-03-02T10:00:00.000Z'],
    [{ advanceMs: -3_600_000 }, '2026-03-02T08:00:00.000Z'],
    [{ set: '2026-04-01T12:00:00+02:00' }, '2026-04-01T10:00:00.000Z'],
  ])('%j moves it to %s', (input, iso) => {
    const clock = new SimulatedClock(START);
    expect(moveClock(clock, input)).toEqual({ now: iso });
  });
});
