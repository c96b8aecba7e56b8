import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type Store from 'electron-store';
import { debouncedSave } from './debounced-save.js';
import { APP_ORIGIN } from './ipc-sender.js';
import { clampWindowState, windowWebPreferences } from './preferences-schema.js';
import type { Preferences, WindowState } from './preferences.js';

/** How long bounds must stay put before they are written. */
const SAVE_DELAY_MS = 500;

/** A saved position is used only if it is still on some display. */
function visible(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return false;
  return screen.getAllDisplays().some(({ workArea: a }) => state.x! >= a.x && state.y! >= a.y && state.x! < a.x + a.width && state.y! < a.y + a.height);
}

/** Where the window's files are, and whether this is an installed build (no DevTools then). */
export interface WindowFiles {
  preloadDir: string;
  iconPath: string;
  isPackaged: boolean;
}

/** Creates the main window: hidden until ready, sandboxed, isolated, no Node; remembers its bounds. */
export function createMainWindow(prefs: Store<Preferences>, files: WindowFiles): BrowserWindow {
  const state = prefs.get('window');
  const win = new BrowserWindow({
    ...(visible(state) ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Burnrate',
    icon: files.iconPath,
    backgroundColor: '#111418',
    webPreferences: windowWebPreferences(path.join(files.preloadDir, 'index.cjs'), files.isPackaged),
  });
  // Maximizing shows the window on Windows and Linux, so it waits for the
  // first paint like show() does (no blank window flashing early).
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  const write = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    prefs.set('window', clampWindowState(b, win.isMaximized()));
  };
  // Dragging fires move/resize many times a second: write once it settles, and on close.
  const saver = debouncedSave(write, SAVE_DELAY_MS);
  const later = () => saver.schedule();
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => saver.flush());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
