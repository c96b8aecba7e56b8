import Store from 'electron-store';

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

const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false };

/**
 * Opens the preferences file with a JSON schema (bad values are refused on
 * write) and migrations keyed by the app's version (electron-store reads it).
 */
export function openPreferences(): Store<Preferences> {
  return new Store<Preferences>({
    name: 'preferences',
    clearInvalidConfig: true,
    schema: {
      closeToTray: { type: 'boolean', default: true },
      launchAtLogin: { type: 'boolean', default: false },
      window: {
        type: 'object',
        default: DEFAULT_WINDOW,
        properties: {
          x: { type: 'integer' },
          y: { type: 'integer' },
          width: { type: 'integer', minimum: 600, maximum: 10000 },
          height: { type: 'integer', minimum: 400, maximum: 10000 },
          maximized: { type: 'boolean' },
        },
        required: ['width', 'height', 'maximized'],
      },
    },
    migrations: {
      // 0.1.0 stored `minimizeToTray`; it became `closeToTray`.
      '0.1.0': (store) => {
        const old = store.get('minimizeToTray' as keyof Preferences) as unknown;
        if (typeof old === 'boolean') store.set('closeToTray', old);
        store.delete('minimizeToTray' as keyof Preferences);
      },
    },
  });
}
