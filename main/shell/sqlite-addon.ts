import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Electron's better-sqlite3 build's file name, exactly as scripts/sqlite-builds.mjs (`electronBuildName`) writes it. */
export function electronSqliteAddonName(sqliteVersion: string, electronVersion: string, platform: NodeJS.Platform, arch: string): string {
  return `better_sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}.node`;
}

/**
 * The better-sqlite3 addon the desktop app loads: in development Electron's
 * own build in out/native (`npm start` puts it there and leaves Node's build in
 * node_modules for the CLI and the web host); packaged — or when that build is
 * missing — undefined, the package's build (electron-builder packs Electron's).
 */
export function desktopSqliteAddon(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const require = createRequire(path.join(appPath, 'package.json'));
  const version = (JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  const file = path.join(appPath, 'out', 'native', electronSqliteAddonName(version, process.versions.electron ?? '', process.platform, process.arch));
  return existsSync(file) ? file : undefined;
}
