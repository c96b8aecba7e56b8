import Store from 'electron-store';
import { type Preferences, PREFERENCES_SCHEMA } from './preferences-schema.js';

export type { Preferences, WindowState } from './preferences-schema.js';

/**
 * Opens the preferences file with a JSON schema (bad values are refused on
 * write) and migrations keyed by the app's version (electron-store reads it).
 */
export function openPreferences(): Store<Preferences> {
  return new Store<Preferences>({
    name: 'preferences',
    clearInvalidConfig: true,
    schema: PREFERENCES_SCHEMA,
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
