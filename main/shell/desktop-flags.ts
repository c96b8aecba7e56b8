import type { DesktopFlags } from '../core/settings/engine-settings.js';

/** What the shell should do with the desktop flags after startup or a settings change. */
export interface DesktopFlagsPlan {
  /** The flags in force, copied into electron-store so the window's close handler reads them. */
  apply: DesktopFlags;
  /** Whether `app.setLoginItemSettings` must be called (only on a real change: it writes OS state). */
  setLoginItem: boolean;
}

/** Plans applying the engine's desktop flags (the one owner of them) given the OS's current login item. */
export function planDesktopFlags(flags: DesktopFlags, openAtLogin: boolean): DesktopFlagsPlan {
  return { apply: { ...flags }, setLoginItem: flags.launchAtLogin !== openAtLogin };
}
