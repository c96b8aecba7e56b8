import { execFile } from 'node:child_process';

/** The D-Bus name a StatusNotifier host (KDE, GNOME's AppIndicator extension, most panels) owns. */
export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

/** How long the D-Bus question may take before the answer counts as "no tray". */
const PROBE_TIMEOUT_MS = 3000;

/** Asks the session bus whether `name` has an owner; false when it cannot be asked. */
export type BusNameProbe = (name: string) => Promise<boolean>;

/** `dbus-send … NameHasOwner` (dbus-send ships with D-Bus itself); any failure or timeout is "no". */
export const dbusNameHasOwner: BusNameProbe = (name) =>
  new Promise((resolve) => {
    execFile(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
      { timeout: PROBE_TIMEOUT_MS },
      (err, stdout) => resolve(!err && /boolean true/.test(stdout)),
    );
  });

/**
 * Whether a tray icon will be visible. Windows and macOS always show one.
 * Linux shows Electron's icon only through a StatusNotifier host: stock GNOME
 * has none (it needs the AppIndicator extension), and there the icon silently
 * never appears. Unknown counts as absent, which only costs close-to-tray.
 */
export async function trayShown(platform: NodeJS.Platform, probe: BusNameProbe = dbusNameHasOwner): Promise<boolean> {
  if (platform === 'win32' || platform === 'darwin') return true;
  if (platform !== 'linux') return false;
  return probe(STATUS_NOTIFIER_WATCHER).catch(() => false);
}
