import fs from 'node:fs';

/** Owner-only modes: other accounts on the computer must not read the ledger or the sandbox. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only; an existing folder is left as its owner set it. */
export function ensurePrivateDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes sure a database file is owner-only before SQLite opens it: a missing
 * one is created empty with mode 0600 (SQLite gives its -wal and -shm files
 * the database file's mode), an existing one (and its -wal/-shm) is narrowed
 * to 0600 when it is wider. Returns whether the file was created now.
 * Narrowing is best effort: on a read-only folder or a file of another owner
 * it is skipped, and opening goes on.
 */
export function preparePrivateDbFile(file: string): { created: boolean } {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
    return { created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      // A read-only folder: nothing can be created, the caller's open says so in its own words.
      if (!fs.existsSync(file)) return { created: false };
    }
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, PRIVATE_FILE_MODE);
    } catch {
      // Missing, read-only or not ours: best effort (see above).
    }
  }
  return { created: false };
}
