import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** "Launch at login" as this platform does it. */
export interface LoginItem {
  /** False where the app cannot launch itself at login (development builds). */
  readonly available: boolean;
  isEnabled(): boolean;
  setEnabled(on: boolean): void;
}

/** Where nothing may be registered (development: it would be the bare Electron binary). */
export const NO_LOGIN_ITEM: LoginItem = { available: false, isEnabled: () => false, setEnabled: () => undefined };

/** macOS and Windows: the OS login item (Electron's get/setLoginItemSettings). */
export function osLoginItem(api: { get(): { openAtLogin: boolean }; set(s: { openAtLogin: boolean }): void }): LoginItem {
  return { available: true, isEnabled: () => api.get().openAtLogin, setEnabled: (on) => api.set({ openAtLogin: on }) };
}

/** The XDG autostart folder: `$XDG_CONFIG_HOME/autostart`, else `~/.config/autostart`. */
export function autostartDir(env: NodeJS.ProcessEnv, home = os.homedir()): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'autostart');
}

/**
 * What the autostart entry runs: the AppImage file itself when run from one
 * (`execPath` is then inside a mount that is gone after exit), else the
 * installed executable (the .deb's /opt/Burnrate/burnrate).
 */
export function autostartExec(env: NodeJS.ProcessEnv, execPath: string): string {
  return env.APPIMAGE || execPath;
}

/**
 * A path as one quoted argument of a desktop entry's Exec key: quoted, with
 * `"`, `` ` ``, `$` and `\` escaped by a backslash (the Exec rule), then every
 * backslash doubled (the rule for all string values). Control characters
 * cannot be written, so such a path is refused.
 */
export function desktopExecArg(file: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(file)) throw new Error(`cannot write a launcher for a path with control characters: ${JSON.stringify(file)}`);
  const quoted = `"${file.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\');
}

/** The autostart entry's text. */
export function autostartEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Burnrate',
    'Comment=Credit ledger and runway for GPU deployments',
    `Exec=${desktopExecArg(exec)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Linux: an XDG autostart entry (`burnrate.desktop`) that launches the installed app at login. */
export function xdgAutostartLoginItem(dir: string, exec: string): LoginItem {
  const file = path.join(dir, 'burnrate.desktop');
  return {
    available: true,
    isEnabled: () => existsSync(file),
    setEnabled(on) {
      if (!on) return rmSync(file, { force: true });
      mkdirSync(dir, { recursive: true });
      // Written whole, then renamed: a session starting meanwhile never reads half an entry.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, autostartEntry(exec), { mode: 0o644 });
      renameSync(tmp, file);
    },
  };
}
