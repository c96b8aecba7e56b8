import { describe, expect, it } from 'vitest';
import { parseOnOff } from '../../../main/host/cli/parse.js';

describe('on/off options (settings --auto-resume, alerts --daily/--weekly)', () => {
  it.each([
    ['on', true],
    ['ON', true],
    [' yes ', true],
    ['true', true],
    ['off', false],
    ['Off', false],
    ['no', false],
    ['FALSE', false],
  ])('%j is %s', (text, on) => {
    expect(parseOnOff(text, '--daily')).toBe(on);
  });

  it.each(['maybe', '', '1', 'onn'])('%j is refused naming the option', (text) => {
    expect(() => parseOnOff(text, '--auto-resume')).toThrow(
      expect.objectContaining({ code: 'invalid_setting', message: `--auto-resume is on or off, got '${text}'` }),
    );
  });
});
