import type { DesktopFlags } from '../core/settings/engine-settings.js';

/** What the shell should do with the desktop flags after startup or a settings change. */
export interface DesktopFlagsPlan {
  /** The flags in force, copied into electron-store so the window's close handler reads them. */
  apply: DesktopFlags;
  /** Flags the engine has never stored, seeded from electron-store so a pre-contract choice survives. */
  seed: Partial<DesktopFlags>;
  /** Whether `app.setLoginItemSettings` must be called (only on a real change: it writes OS state). */
  setLoginItem: boolean;
}

/**
 * Reconciles the engine's stored flags (absent keys = never set) with the
 * electron-store preferences: the engine wins once it has a value; until then
 * the old preference is kept and seeded into the engine (migration).
 */
export function planDesktopFlags(stored: Partial<DesktopFlags>, prefs: DesktopFlags, openAtLogin: boolean): DesktopFlagsPlan {
  const apply: DesktopFlags = {
    closeToTray: stored.closeToTray ?? prefs.closeToTray,
    launchAtLogin: stored.launchAtLogin ?? prefs.launchAtLogin,
  };
  const seed: Partial<DesktopFlags> = {
    ...(stored.closeToTray === undefined ? { closeToTray: prefs.closeToTray } : {}),
    ...(stored.launchAtLogin === undefined ? { launchAtLogin: prefs.launchAtLogin } : {}),
  };
  return { apply, seed, setLoginItem: apply.launchAtLogin !== openAtLogin };
}
