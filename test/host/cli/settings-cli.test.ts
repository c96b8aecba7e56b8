import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli } from '../../support/run-cli.js';

const at = (dir: string, ...args: string[]) => runCli(['--data-dir', dir, '--now', '2026-03-02T23:30:00Z', '--json', ...args]);

describe('burnrate settings', () => {
  it('sets the time zone the days are counted in, and auto-resume', () => {
    const dir = tempDir();
    expect(at(dir, 'settings', 'show').json).toEqual({ timeZone: expect.any(String), autoResume: true });
    expect(at(dir, 'settings', 'set', '--time-zone', 'Asia/Tokyo', '--auto-resume', 'off').json).toEqual({ timeZone: 'Asia/Tokyo', autoResume: false });
    expect(at(dir, 'status').json).toMatchObject({ timeZone: 'Asia/Tokyo' });
    // 23:30 UTC on 2 March is 08:30 on 3 March in Tokyo: today's date in the analysis follows the setting.
    const days = (at(dir, 'analysis', '--days', '7').json as { days: { date: string }[] }).days;
    expect(days.at(-1)!.date).toBe('2026-03-03');
  });

  it.each([
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['america/new_york', 'America/New_York'],
  ])('stores a zone typed as %s in its standard spelling, %s', (typed, stored) => {
    const dir = tempDir();
    expect(at(dir, 'settings', 'set', '--time-zone', typed).json).toMatchObject({ timeZone: stored });
    expect(at(dir, 'status').json).toMatchObject({ timeZone: stored });
  });

  it.each([
    ['an unknown zone', ['--time-zone', 'Mars/Olympus']],
    ['a bad on/off', ['--auto-resume', 'maybe']],
    ['nothing to set', []],
  ])('refuses %s with exit 2 and keeps the settings', (_what, args) => {
    const dir = tempDir();
    at(dir, 'settings', 'set', '--time-zone', 'Europe/Berlin');
    const r = at(dir, 'settings', 'set', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(at(dir, 'settings', 'show').json).toEqual({ timeZone: 'Europe/Berlin', autoResume: true });
  });
});
