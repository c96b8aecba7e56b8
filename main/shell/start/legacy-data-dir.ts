import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';

/**
 * Earlier desktop builds had no productName, so on Linux Electron kept their
 * ledger in `~/.config/burnrate` (lower case) while the CLI used
 * `~/.config/Burnrate`. When the shared folder does not exist yet and the old
 * one holds a ledger, the old folder becomes the shared one (a rename: the
 * ledger, the preferences and the stored key move together). Never with
 * BURNRATE_DATA_DIR (an explicit folder), never over an existing folder (two
 * ledgers cannot be merged by moving files; docs/desktop-shell.md says what to
 * do). Runs before Electron is ready, which creates the folder. Returns the
 * folder it moved, or null.
 */
export function adoptLegacyDataDir(dataDir: string, env: NodeJS.ProcessEnv, fs = { existsSync, renameSync }): string | null {
  if (env.BURNRATE_DATA_DIR) return null;
  const legacy = path.join(path.dirname(dataDir), path.basename(dataDir).toLowerCase());
  if (legacy === dataDir || fs.existsSync(dataDir) || !fs.existsSync(path.join(legacy, 'burnrate.db'))) return null;
  fs.renameSync(legacy, dataDir);
  return legacy;
}
