import { describe, expect, it } from 'vitest';
import { planDesktopFlags } from '../../main/shell/desktop-flags.js';

describe('planDesktopFlags: the engine settings own the desktop flags', () => {
  it.each([
    [{ closeToTray: true, launchAtLogin: false }, false, false],
    [{ closeToTray: false, launchAtLogin: true }, false, true],
    [{ closeToTray: true, launchAtLogin: false }, true, true],
    [{ closeToTray: false, launchAtLogin: true }, true, false],
  ])('applies %o as they are; with the OS login item at %s it calls the OS: %s', (flags, openAtLogin, setLoginItem) => {
    const plan = planDesktopFlags(flags, openAtLogin);
    expect(plan).toEqual({ apply: flags, setLoginItem });
    expect(plan).not.toHaveProperty('seed');
  });
});
