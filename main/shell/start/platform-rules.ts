import { defaultDataDir } from '../../host/data-dir.js';

/** The app id electron-builder gives the Start-menu shortcut (Windows toasts are tied to it). */
export const APP_ID = 'com.burnrate.desktop';

/**
 * The desktop app's data folder: exactly the CLI's and the web host's
 * (`defaultDataDir`, which honours BURNRATE_DATA_DIR), never Electron's own
 * guess from the package name (`~/.config/burnrate` on Linux, a different
 * ledger from the CLI's `~/.config/Burnrate`).
 */
export function shellDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  return defaultDataDir(env, platform);
}

/**
 * The AppUserModelId Windows ties notifications to: it must match a Start-menu
 * shortcut. The installer's shortcut carries the app id; in development there
 * is none, and Windows accepts the executable's path instead.
 */
export function appUserModelId(isPackaged: boolean, execPath: string): string {
  return isPackaged ? APP_ID : execPath;
}

/** One entry of an application menu, by Electron role (plain data, so the choice is testable). */
export interface MenuRoleItem {
  role: 'appMenu' | 'editMenu' | 'windowMenu';
}

/**
 * The application menu: Electron's default (with Reload and DevTools) only in
 * development. Packaged, macOS gets the app, Edit (copy/paste need it there)
 * and Window menus; Windows and Linux get no menu bar (their edit shortcuts
 * work without one).
 */
export function applicationMenu(platform: NodeJS.Platform, isPackaged: boolean): 'default' | MenuRoleItem[] | null {
  if (!isPackaged) return 'default';
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  return null;
}

/** Whether a left click on the tray icon opens the window (Windows; macOS shows the menu, Linux ignores clicks). */
export function trayClickOpensWindow(platform: NodeJS.Platform): boolean {
  return platform === 'win32';
}

/**
 * What closing the window does: hide to the tray only while a tray icon is
 * actually shown and the user asked for it; otherwise really close (with no
 * tray a hidden window would leave an unreachable process).
 */
export function windowCloseAction(o: { quitting: boolean; closeToTray: boolean; trayShown: boolean }): 'hide' | 'close' {
  return !o.quitting && o.closeToTray && o.trayShown ? 'hide' : 'close';
}

/** Whether the app quits once its last window closed (it stays only to serve a shown tray). */
export function quitWhenAllWindowsClosed(o: { closeToTray: boolean; trayShown: boolean }): boolean {
  return !(o.closeToTray && o.trayShown);
}

/**
 * How "Launch at login" is done here: the OS login item on packaged macOS and
 * Windows, an XDG autostart entry on packaged Linux, and not at all in
 * development (it would register the bare Electron binary, which opens
 * Electron's default app at login).
 */
export function loginItemKind(platform: NodeJS.Platform, isPackaged: boolean): 'os' | 'xdg-autostart' | 'unavailable' {
  if (!isPackaged) return 'unavailable';
  if (platform === 'linux') return 'xdg-autostart';
  if (platform === 'darwin' || platform === 'win32') return 'os';
  return 'unavailable';
}
