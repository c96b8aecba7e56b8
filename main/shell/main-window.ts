import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type Store from 'electron-store';
import { APP_ORIGIN } from './ipc-sender.js';
import type { Preferences, WindowState } from './preferences.js';

/** A saved position is used only if it is still on some display. */
function visible(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return false;
  return screen.getAllDisplays().some(({ workArea: a }) => state.x! >= a.x && state.y! >= a.y && state.x! < a.x + a.width && state.y! < a.y + a.height);
}

/** Creates the main window: hidden until ready, sandboxed, isolated, no Node; remembers its bounds. */
export function createMainWindow(prefs: Store<Preferences>, preloadDir: string, iconPath: string): BrowserWindow {
  const state = prefs.get('window');
  const win = new BrowserWindow({
    ...(visible(state) ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Burnrate',
    icon: iconPath,
    backgroundColor: '#111418',
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    prefs.set('window', { x: b.x, y: b.y, width: Math.max(600, b.width), height: Math.max(400, b.height), maximized: win.isMaximized() });
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', save);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
