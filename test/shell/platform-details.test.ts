import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { autostartDir, autostartEntry, autostartExec, desktopExecArg, xdgAutostartLoginItem } from '../../main/shell/login-item.js';
import { clampWindowState, PREFERENCES_SCHEMA, windowWebPreferences } from '../../main/shell/preferences-schema.js';
import { adoptLegacyDataDir } from '../../main/shell/start/legacy-data-dir.js';
import { loginItemKind, trayClickOpensWindow } from '../../main/shell/start/platform-rules.js';
import { startFailureText } from '../../main/shell/start/start-failure.js';
import { STATUS_NOTIFIER_WATCHER, trayShown } from '../../main/shell/tray-availability.js';
import { trayIconFile } from '../../main/shell/tray-model.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('close-to-tray needs a tray that is shown', () => {
  it.each([
    ['Windows', 'win32', null, true],
    ['macOS', 'darwin', null, true],
    ['Linux with a StatusNotifier host (KDE, Ubuntu’s AppIndicator extension)', 'linux', true, true],
    ['Linux without one (stock GNOME)', 'linux', false, false],
    ['Linux where D-Bus cannot be asked', 'linux', 'throws', false],
  ] as const)('%s → tray shown: %s', async (_what, platform, owner, shown) => {
    const asked: string[] = [];
    const probe = (name: string) => {
      asked.push(name);
      return owner === 'throws' ? Promise.reject(new Error('no bus')) : Promise.resolve(owner === true);
    };
    expect(await trayShown(platform, probe)).toBe(shown);
    expect(asked).toEqual(platform === 'linux' ? [STATUS_NOTIFIER_WATCHER] : []);
  });

  it.each([
    ['win32', true],
    ['darwin', false],
    ['linux', false],
  ] as const)('a left click on the tray icon opens the window on %s: %s', (platform, opens) => {
    expect(trayClickOpensWindow(platform)).toBe(opens);
  });
});

describe('launch at login', () => {
  it.each([
    ['linux', true, 'xdg-autostart'],
    ['darwin', true, 'os'],
    ['win32', true, 'os'],
    ['linux', false, 'unavailable'],
    ['darwin', false, 'unavailable'],
    ['win32', false, 'unavailable'],
  ] as const)('%s, installed %s → %s (development never registers the bare Electron binary)', (platform, packaged, kind) => {
    expect(loginItemKind(platform, packaged)).toBe(kind);
  });

  it('writes, reads and removes an XDG autostart entry that runs the AppImage (not its temporary mount)', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'burnrate-autostart-'));
    dirs.push(home);
    const dir = autostartDir({ XDG_CONFIG_HOME: path.join(home, 'cfg') }, home);
    expect(dir).toBe(path.join(home, 'cfg', 'autostart'));
    expect(autostartDir({}, home)).toBe(path.join(home, '.config', 'autostart'));
    const exec = autostartExec({ APPIMAGE: '/home/ann/Apps/Burnrate-0.1.0.AppImage' }, '/tmp/.mount_Burnr1/burnrate');
    expect(exec).toBe('/home/ann/Apps/Burnrate-0.1.0.AppImage');
    expect(autostartExec({}, '/opt/Burnrate/burnrate')).toBe('/opt/Burnrate/burnrate');
    const item = xdgAutostartLoginItem(dir, exec);
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    const file = path.join(dir, 'burnrate.desktop');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')).toEqual(
      expect.arrayContaining(['[Desktop Entry]', 'Type=Application', 'Name=Burnrate', 'Exec="/home/ann/Apps/Burnrate-0.1.0.AppImage"']),
    );
    expect(statSync(file).mode & 0o777).toBe(0o644);
    item.setEnabled(false);
    expect(existsSync(file)).toBe(false);
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(false);
  });

  it.each([
    ['/opt/Burnrate/burnrate', '"/opt/Burnrate/burnrate"'],
    ['/home/ann/My Apps/Burnrate.AppImage', '"/home/ann/My Apps/Burnrate.AppImage"'],
    ['/home/ann/$HOME/"x"/a`b`', '"/home/ann/\\\\$HOME/\\\\"x\\\\"/a\\\\`b\\\\`"'],
    ['/home/ann/back\\slash', '"/home/ann/back\\\\\\\\slash"'],
  ])('quotes %s for the Exec key as %s', (file, quoted) => {
    expect(desktopExecArg(file)).toBe(quoted);
  });

  it.each(['/tmp/a\nExec=evil', '/tmp/a\u0007b'])('refuses a path with a control character (%j)', (file) => {
    expect(() => autostartEntry(file)).toThrow(/control characters/);
  });
});

describe('window bounds always fit the preferences schema', () => {
  const validate = new Ajv({ useDefaults: false }).compile(PREFERENCES_SCHEMA.window);

  it.each([
    ['an ordinary window', { x: 10, y: 20, width: 1280, height: 800 }, { x: 10, y: 20, width: 1280, height: 800 }],
    ['stretched over three 4K displays', { x: 0, y: 0, width: 11_520, height: 2160 }, { x: 0, y: 0, width: 10_000, height: 2160 }],
    ['taller than the maximum', { x: 0, y: 0, width: 800, height: 12_000 }, { x: 0, y: 0, width: 800, height: 10_000 }],
    ['smaller than the minimum', { x: -5, y: -5, width: 100, height: 50 }, { x: -5, y: -5, width: 600, height: 400 }],
    ['fractional (scaled displays)', { x: 10.5, y: 20.4, width: 1280.6, height: 799.5 }, { x: 11, y: 20, width: 1281, height: 800 }],
    ['a position off any display', { x: 5e9, y: 0, width: 1280, height: 800 }, { width: 1280, height: 800 }],
    ['not numbers', { x: Number.NaN, y: 0, width: Number.POSITIVE_INFINITY, height: Number.NaN }, { width: 1280, height: 800 }],
  ])('%s', (_what, bounds, expected) => {
    const state = clampWindowState(bounds, false);
    expect(state).toEqual({ ...expected, maximized: false });
    expect(validate(state)).toBe(true);
  });

  it('the unclamped bounds of a window that wide would have been refused (the timer threw)', () => {
    expect(validate({ x: 0, y: 0, width: 11_520, height: 2160, maximized: false })).toBe(false);
  });
});

describe('the window and the tray images', () => {
  it.each([
    [false, true],
    [true, false],
  ])('packaged %s → DevTools %s; always sandboxed, isolated, without Node', (packaged, devTools) => {
    expect(windowWebPreferences('/app/out/preload/index.cjs', packaged)).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools,
    });
  });

  /** A PNG's width and height (its IHDR). */
  function pngSize(file: string): [number, number] {
    const b = readFileSync(file);
    return [b.readUInt32BE(16), b.readUInt32BE(20)];
  }

  it.each(['ok', 'low', 'critical'] as const)('macOS gets 16/32 px template images for %s; other systems their coloured icon', (tint) => {
    const assets = path.resolve(import.meta.dirname, '../../assets');
    const mac = trayIconFile('darwin', tint);
    expect(mac).toBe(`tray-${tint}Template.png`);
    expect(pngSize(path.join(assets, mac))).toEqual([16, 16]);
    expect(pngSize(path.join(assets, mac.replace('.png', '@2x.png')))).toEqual([32, 32]);
    expect(trayIconFile('win32', tint)).toBe(`tray-${tint}.png`);
    expect(existsSync(path.join(assets, trayIconFile('linux', tint)))).toBe(true);
  });
});

describe('a start failure says what to do', () => {
  it.each([
    [
      'an Electron-ABI driver',
      new Error(
        'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 127. This version of Node.js requires NODE_MODULE_VERSION 145.',
      ),
      /run `npm start` again/,
    ],
    ['a damaged ledger', Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }), /Restore burnrate.db from a backup/],
    ['a locked ledger', new Error('database is locked'), /Close other Burnrate windows/],
    ['a folder it cannot write', new Error("EACCES: permission denied, mkdir '/srv/x'"), /cannot write to its data folder/],
    ['a full disk', new Error('ENOSPC: no space left on device'), /disk is full/],
    ['anything else', 'boom', /Start Burnrate again/],
  ])('%s', (_what, err, advice) => {
    const { title, content } = startFailureText('database', err, '/home/ann/.config/Burnrate');
    expect(title).toBe('Burnrate could not start');
    expect(content).toMatch(/^Burnrate stopped while opening the ledger database\./);
    expect(content).toContain(err instanceof Error ? err.message : err);
    expect(content).toContain('Data folder: /home/ann/.config/Burnrate');
    expect(content).toMatch(advice);
  });
});

describe('an earlier desktop build’s ledger (~/.config/burnrate) joins the shared folder', () => {
  it.each([
    ['the old folder holds a ledger and the shared one does not exist: moved', { legacyDb: true, shared: false, env: {} }, true],
    ['the shared folder exists already (the CLI made a ledger): left alone', { legacyDb: true, shared: true, env: {} }, false],
    ['an explicit BURNRATE_DATA_DIR: left alone', { legacyDb: true, shared: false, env: { BURNRATE_DATA_DIR: 'x' } }, false],
    ['the old folder has no ledger: left alone', { legacyDb: false, shared: false, env: {} }, false],
  ])('%s', (_what, o, moves) => {
    const config = mkdtempSync(path.join(os.tmpdir(), 'burnrate-legacy-'));
    dirs.push(config);
    const legacy = path.join(config, 'burnrate');
    const shared = path.join(config, 'Burnrate');
    mkdirSync(legacy);
    writeFileSync(path.join(legacy, 'preferences.json'), '{}');
    if (o.legacyDb) writeFileSync(path.join(legacy, 'burnrate.db'), 'ledger');
    if (o.shared) mkdirSync(shared);
    // A case-insensitive file system (macOS, Windows) sees one folder under both names: nothing to move there.
    const caseInsensitive = existsSync(path.join(config, 'BURNRATE'));
    const moved = adoptLegacyDataDir(shared, o.env);
    expect(moved).toBe(moves && !caseInsensitive ? legacy : null);
    if (moves && !caseInsensitive) {
      expect(readFileSync(path.join(shared, 'burnrate.db'), 'utf8')).toBe('ledger');
      expect(existsSync(path.join(shared, 'preferences.json'))).toBe(true);
      expect(existsSync(legacy)).toBe(false);
    } else {
      expect(existsSync(path.join(legacy, 'preferences.json'))).toBe(true);
    }
  });
});
