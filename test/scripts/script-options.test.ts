import { describe, expect, it } from 'vitest';
import { scriptOptions } from '../../scripts/script-options.js';

const NAMES = ['seed', 'seeds', 'days'] as const;

describe('the soak scripts read their whole-number options with one parser', () => {
  it.each([
    [[], {}],
    [['--seed', '7'], { seed: 7 }],
    [['--seeds', '1000', '--days', '1'], { seeds: 1000, days: 1 }],
    [['--days=0'], { days: 0 }],
  ])('%j → %j', (argv, expected) => {
    expect(scriptOptions('soak', NAMES, argv)).toEqual(expected);
  });

  it.each([
    [['--seed', 'x'], /^npm run soak: option '--seed <n>' argument 'x' is invalid\. needs a whole number$/],
    [['--seed', '1.5'], /needs a whole number/],
    [['--seed', '-1'], /needs a whole number/],
    [['--days', ''], /needs a whole number/],
    [['--seed'], /argument missing/],
    [['--kills', '3'], /unknown option '--kills'/],
    [['7'], /too many arguments/],
  ])('refuses %j', (argv, reason) => {
    expect(() => scriptOptions('soak', NAMES, argv)).toThrow(reason);
  });

  it('--help lists every option and runs nothing', () => {
    let text = '';
    expect(scriptOptions('soak', NAMES, ['--help'], (t) => (text += t))).toBeNull();
    for (const name of NAMES) expect(text).toContain(`--${name} <n>`);
    expect(text).toContain('npm run soak');
  });
});
