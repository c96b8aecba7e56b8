import Store from 'electron-store';
import { type Preferences, PREFERENCES_SCHEMA } from './preferences-schema.js';

export type { Preferences, WindowState } from './preferences-schema.js';

/** Opens the preferences file with a JSON schema (bad values are refused on write). */
export function openPreferences(): Store<Preferences> {
  return new Store<Preferences>({
    name: 'preferences',
    clearInvalidConfig: true,
    schema: PREFERENCES_SCHEMA,
  });
}
