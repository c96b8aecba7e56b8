import os from 'node:os';
import path from 'node:path';

/**
 * Where Burnrate keeps its data when no folder is given: the same folder
 * Electron's `userData` uses for an app named "Burnrate", so the desktop app
 * and the CLI share one ledger.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BURNRATE_DATA_DIR) return env.BURNRATE_DATA_DIR;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Burnrate');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Burnrate');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Burnrate');
}
