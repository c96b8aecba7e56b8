import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultDataDir } from '../../../main/host/data-dir.js';
import { type Desktop, type DesktopParts, type ShellApp, startDesktop } from '../../../main/shell/start/start-sequence.js';

/**
 * A recording double of the Electron calls the start sequence makes, and of the
 * desktop's parts: every call lands in `calls`, in order; app events are kept
 * so the test can fire them (a window close, a quit) as Electron would.
 */
function recorder(
  o: {
    platform?: NodeJS.Platform;
    isPackaged?: boolean;
    env?: NodeJS.ProcessEnv;
    lock?: boolean;
    fail?: string;
    trayShown?: boolean;
    closeToTray?: boolean;
  } = {},
) {
  const calls: string[] = [];
  const handlers = new Map<string, (arg?: unknown) => void>();
  const fail = (step: string) => {
    if (o.fail === step) throw new Error(`${step} failed: was compiled against a different Node.js version using NODE_MODULE_VERSION 145`);
  };
  let closeAction: (() => 'hide' | 'close') | null = null;
  let closeToTray = o.closeToTray ?? true;
  const app: ShellApp = {
    platform: o.platform ?? 'linux',
    isPackaged: o.isPackaged ?? true,
    env: o.env ?? { HOME: '/home/ann' },
    execPath: '/opt/electron/electron',
    enableSandbox: () => void calls.push('enableSandbox'),
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), o.lock ?? true),
    releaseSingleInstanceLock: () => void calls.push('releaseSingleInstanceLock'),
    setPath: (name, dir) => (calls.push(`setPath ${name} ${dir}`), fail('setPath')),
    setAppUserModelId: (id) => void calls.push(`setAppUserModelId ${id}`),
    setApplicationMenu: (menu) => void calls.push(`setApplicationMenu ${JSON.stringify(menu)}`),
    whenReady: async () => (calls.push('whenReady'), fail('whenReady')),
    showErrorBox: (title, content) => void calls.push(`showErrorBox ${title}: ${content}`),
    onSecondInstance: (fn) => void handlers.set('second-instance', fn),
    onActivate: (fn) => void handlers.set('activate', fn),
    onBeforeQuit: (fn) => void handlers.set('before-quit', fn),
    onWillQuit: (fn) => void handlers.set('will-quit', fn as (arg?: unknown) => void),
    onWindowAllClosed: (fn) => void handlers.set('window-all-closed', fn),
    quit: () => void calls.push('quit'),
    exit: (code) => void calls.push(`exit ${code}`),
  };
  const desktop: Desktop = {
    closeToTray: () => closeToTray,
    createTray: () => (calls.push('createTray'), fail('createTray')),
    showWindow: (action) => {
      calls.push('showWindow');
      fail('showWindow');
      closeAction = action;
    },
    close: async () => void calls.push('close'),
  };
  const parts: DesktopParts<{ dataDir: string }> = {
    prepareDataDir: (dataDir) => (calls.push(`prepareDataDir ${dataDir}`), fail('prepareDataDir')),
    openServices: async (dataDir) => (calls.push(`openServices ${dataDir}`), fail('openServices'), { dataDir }),
    startServices: async () => (calls.push('startServices'), fail('startServices'), desktop),
    trayAvailable: async () => (calls.push('trayAvailable'), o.trayShown ?? true),
  };
  return {
    app,
    parts,
    calls,
    fire: (event: string, arg?: unknown) => handlers.get(event)?.(arg),
    closeWindow: () => closeAction!(),
    setCloseToTray: (v: boolean) => void (closeToTray = v),
  };
}

/** Runs the start with console.error silenced (a failing start logs the error too). */
async function start(r: ReturnType<typeof recorder>) {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await startDesktop(r.app, r.parts);
  } finally {
    spy.mockRestore();
  }
}

describe('the desktop start sequence (a recording double stands in for Electron)', () => {
  it('runs sandbox, lock, data folder, menu, ready, database, services, tray, window — in that order', async () => {
    const r = recorder();
    const dir = defaultDataDir({ HOME: '/home/ann' }, 'linux');
    expect(await start(r)).toEqual({ type: 'running', dataDir: dir, trayShown: true });
    expect(r.calls).toEqual([
      'enableSandbox',
      'requestSingleInstanceLock',
      `prepareDataDir ${dir}`,
      `setPath userData ${dir}`,
      'setApplicationMenu null',
      'whenReady',
      `openServices ${dir}`,
      'startServices',
      'trayAvailable',
      'createTray',
      'showWindow',
    ]);
  });

  it.each(['prepareDataDir', 'setPath', 'whenReady', 'openServices', 'startServices', 'createTray', 'showWindow'])(
    'a failing %s shows a dialog saying what failed and what to do, releases the lock and exits 1',
    async (step) => {
      const r = recorder({ fail: step });
      const outcome = await start(r);
      expect(outcome.type).toBe('failed');
      const tail = r.calls.slice(r.calls.findIndex((c) => c.startsWith(step)) + 1);
      expect(tail).toEqual([expect.stringMatching(/^showErrorBox Burnrate could not start: /), 'releaseSingleInstanceLock', 'exit 1']);
      const dialog = tail[0]!;
      expect(dialog).toContain(`${step} failed`);
      expect(dialog).toContain('What to do: The database driver (better-sqlite3) was built for another runtime');
      expect(dialog).toContain(`Data folder: ${defaultDataDir({ HOME: '/home/ann' }, 'linux')}`);
      // Nothing after the failure: no window, no tray, no quit handlers left waiting.
      expect(r.calls.filter((c) => c === 'showWindow').length).toBeLessThanOrEqual(1);
    },
  );

  it.each([
    ['the step that failed', 'openServices', 'opening the ledger database'],
    ['a failed Electron start', 'whenReady', 'starting Electron'],
    ['a failed window', 'showWindow', 'opening the window'],
  ])('the dialog names %s', async (_what, step, doing) => {
    const r = recorder({ fail: step });
    await start(r);
    expect(r.calls.find((c) => c.startsWith('showErrorBox'))).toContain(`Burnrate stopped while ${doing}.`);
  });

  it('a second launch quits at once and touches nothing (the first instance shows its window)', async () => {
    const r = recorder({ lock: false });
    expect(await start(r)).toEqual({ type: 'second-instance' });
    expect(r.calls).toEqual(['enableSandbox', 'requestSingleInstanceLock', 'quit']);
  });

  it.each([
    ['Linux', 'linux', { HOME: '/home/ann' }],
    ['Linux with XDG_CONFIG_HOME', 'linux', { HOME: '/home/ann', XDG_CONFIG_HOME: '/home/ann/cfg' }],
    ['macOS', 'darwin', { HOME: '/Users/ann' }],
    ['Windows', 'win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }],
    ['BURNRATE_DATA_DIR', 'linux', { HOME: '/home/ann', BURNRATE_DATA_DIR: '/srv/ledger' }],
  ] as const)('the data folder is the CLI’s on %s', async (_what, platform, env) => {
    const r = recorder({ platform, env });
    await start(r);
    const cliDir = defaultDataDir(env, platform);
    expect(r.calls).toContain(`setPath userData ${cliDir}`);
    expect(r.calls).toContain(`openServices ${cliDir}`);
    // Electron's own default on Linux would be …/burnrate (lower case), a second ledger.
    if (platform === 'linux' && !('BURNRATE_DATA_DIR' in env)) expect(path.basename(cliDir)).toBe('Burnrate');
  });

  it.each([
    ['a tray is shown, close-to-tray on', true, true, 'hide', false],
    ['no tray (stock GNOME), close-to-tray on', false, true, 'close', true],
    ['a tray is shown, close-to-tray off', true, false, 'close', true],
    ['no tray, close-to-tray off', false, false, 'close', true],
  ])('close-to-tray follows tray availability: %s → %s', async (_what, trayShown, closeToTray, action, quitsWhenAllClosed) => {
    const r = recorder({ trayShown, closeToTray });
    await start(r);
    expect(r.calls.includes('createTray')).toBe(trayShown);
    expect(r.closeWindow()).toBe(action);
    r.calls.length = 0;
    r.fire('window-all-closed');
    expect(r.calls).toEqual(quitsWhenAllClosed ? ['quit'] : []);
  });

  it('closing the window while quitting really closes it, and a preference change applies to the next close', async () => {
    const r = recorder({ trayShown: true, closeToTray: true });
    await start(r);
    expect(r.closeWindow()).toBe('hide');
    r.setCloseToTray(false);
    expect(r.closeWindow()).toBe('close');
    r.setCloseToTray(true);
    r.fire('before-quit');
    expect(r.closeWindow()).toBe('close');
  });

  it('quit closes the desktop once, then quits', async () => {
    const r = recorder();
    await start(r);
    r.calls.length = 0;
    const prevented: number[] = [];
    const event = { preventDefault: () => void prevented.push(1) };
    r.fire('will-quit', event);
    r.fire('will-quit', event);
    await vi.waitFor(() => expect(r.calls).toEqual(['close', 'quit']));
    expect(prevented.length).toBe(2);
    // The quit that follows the close goes through.
    r.fire('will-quit', event);
    expect(prevented.length).toBe(2);
  });

  it('a second launch or a dock click opens the window', async () => {
    const r = recorder();
    await start(r);
    r.calls.length = 0;
    r.fire('second-instance');
    r.fire('activate');
    expect(r.calls).toEqual(['showWindow', 'showWindow']);
  });

  it.each([
    ['Windows, installed', 'win32', true, ['setAppUserModelId com.burnrate.desktop', 'setApplicationMenu null']],
    ['Windows, development', 'win32', false, ['setAppUserModelId /opt/electron/electron']],
    ['macOS, installed', 'darwin', true, ['setApplicationMenu [{"role":"appMenu"},{"role":"editMenu"},{"role":"windowMenu"}]']],
    ['macOS, development (Electron’s menu, with DevTools)', 'darwin', false, []],
    ['Linux, installed', 'linux', true, ['setApplicationMenu null']],
  ] as const)('app id and menu on %s', async (_what, platform, isPackaged, expected) => {
    const r = recorder({ platform, isPackaged, env: { HOME: '/h', APPDATA: 'C:\\a' } });
    await start(r);
    expect(r.calls.filter((c) => c.startsWith('setAppUserModelId') || c.startsWith('setApplicationMenu'))).toEqual(expected);
  });
});
