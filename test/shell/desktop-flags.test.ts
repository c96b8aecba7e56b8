import { describe, expect, it } from 'vitest';
import { planDesktopFlags } from '../../main/shell/desktop-flags.js';

describe('planDesktopFlags', () => {
  it('seeds the engine from electron-store when it has never stored the flags (migration)', () => {
    const plan = planDesktopFlags({}, { closeToTray: false, launchAtLogin: true }, false);
    expect(plan.apply).toEqual({ closeToTray: false, launchAtLogin: true });
    expect(plan.seed).toEqual({ closeToTray: false, launchAtLogin: true });
    expect(plan.setLoginItem).toBe(true);
  });

  it('lets the engine win once it has values, and seeds nothing', () => {
    const plan = planDesktopFlags({ closeToTray: true, launchAtLogin: false }, { closeToTray: false, launchAtLogin: true }, true);
    expect(plan.apply).toEqual({ closeToTray: true, launchAtLogin: false });
    expect(plan.seed).toEqual({});
    expect(plan.setLoginItem).toBe(true);
  });

  it('seeds only the missing flag', () => {
    const plan = planDesktopFlags({ launchAtLogin: true }, { closeToTray: true, launchAtLogin: false }, true);
    expect(plan.apply).toEqual({ closeToTray: true, launchAtLogin: true });
    expect(plan.seed).toEqual({ closeToTray: true });
  });

  it('leaves the OS login item alone when it already matches', () => {
    expect(planDesktopFlags({ closeToTray: true, launchAtLogin: false }, { closeToTray: true, launchAtLogin: false }, false).setLoginItem).toBe(false);
    expect(planDesktopFlags({ launchAtLogin: true }, { closeToTray: true, launchAtLogin: false }, true).setLoginItem).toBe(false);
  });
});
