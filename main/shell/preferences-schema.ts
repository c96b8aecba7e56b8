/** Where and how big the window was, so it opens there again. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** Desktop-only preferences (engine settings live in the ledger database). */
export interface Preferences {
  closeToTray: boolean;
  launchAtLogin: boolean;
  window: WindowState;
}

/** The window sizes the preferences schema accepts (and `clampWindowState` keeps to). */
export const WINDOW_LIMITS = { minWidth: 600, maxWidth: 10_000, minHeight: 400, maxHeight: 10_000 } as const;

/** A window position beyond this is off every display anyone has; it is dropped, not saved. */
const MAX_COORDINATE = 1_000_000;

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false };

/** The JSON schema electron-store checks every write against (a bad value throws). */
export const PREFERENCES_SCHEMA = {
  closeToTray: { type: 'boolean', default: true },
  launchAtLogin: { type: 'boolean', default: false },
  window: {
    type: 'object',
    default: DEFAULT_WINDOW,
    properties: {
      x: { type: 'integer' },
      y: { type: 'integer' },
      width: { type: 'integer', minimum: WINDOW_LIMITS.minWidth, maximum: WINDOW_LIMITS.maxWidth },
      height: { type: 'integer', minimum: WINDOW_LIMITS.minHeight, maximum: WINDOW_LIMITS.maxHeight },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
  },
} as const;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/**
 * Window bounds as the schema accepts them: sizes clamped into its range
 * (a window stretched over several large displays can exceed the maximum, and
 * a refused write would throw inside the save timer), integer positions, and
 * a position dropped when it is not a sane number.
 */
export function clampWindowState(b: { x: number; y: number; width: number; height: number }, maximized: boolean): WindowState {
  const width = clamp(Number.isFinite(b.width) ? b.width : DEFAULT_WINDOW.width, WINDOW_LIMITS.minWidth, WINDOW_LIMITS.maxWidth);
  const height = clamp(Number.isFinite(b.height) ? b.height : DEFAULT_WINDOW.height, WINDOW_LIMITS.minHeight, WINDOW_LIMITS.maxHeight);
  const sane = (v: number) => Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE;
  return { ...(sane(b.x) && sane(b.y) ? { x: Math.round(b.x), y: Math.round(b.y) } : {}), width, height, maximized };
}

/** The main window's webPreferences: sandboxed, isolated, no Node; DevTools only in development. */
export function windowWebPreferences(preloadFile: string, isPackaged: boolean) {
  return {
    preload: preloadFile,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
    devTools: !isPackaged,
  } as const;
}
