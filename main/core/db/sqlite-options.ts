import type Database from 'better-sqlite3';

let nativeBinding: string | undefined;

/**
 * Makes every database opened afterwards load better-sqlite3's native addon
 * from `file` (undefined: the package's own build). The desktop app sets it in
 * development, where Electron's build lives beside Node's in out/native
 * (scripts/sqlite-builds.mjs) instead of replacing it.
 */
export function useSqliteAddon(file: string | undefined): void {
  nativeBinding = file;
}

/** The options every `new Database` gets: `opts` plus the chosen addon, if one was set. */
export function sqliteOptions(opts: Database.Options = {}): Database.Options {
  return nativeBinding === undefined ? opts : { ...opts, nativeBinding };
}
