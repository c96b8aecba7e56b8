/**
 * The secret key of the app's own sandbox, one per data folder. The sandbox
 * listens on loopback, where every local user can reach it; only a holder of
 * this key may use its API. It lives in `<dataDir>/stripe-sandbox.key` (0600),
 * is made on first use, and is never printed, logged or passed as an argument.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The key file's name in the data folder. */
export const SANDBOX_KEY_FILE = 'stripe-sandbox.key';
const KEY_SHAPE = /^sk_test_[0-9a-f]{48}$/;

/** A fresh random key in the shape the sandbox and the SDK accept. */
export function newSandboxKey(): string {
  return `sk_test_${randomBytes(24).toString('hex')}`;
}

/** The file holds a well-formed key that no other user could have read. */
function usable(file: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return null;
  }
  // A link or a key others could read is not ours to trust (modes mean nothing on Windows).
  if (!stat.isFile() || (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)) return null;
  const key = fs.readFileSync(file, 'utf8').trim();
  return KEY_SHAPE.test(key) ? key : null;
}

/**
 * The data folder's sandbox key: read from its file, or made and written
 * there (0600) when the file is missing, malformed or readable by others.
 * `:memory:` (and a folder it cannot write) gets a key of its own that is
 * never stored: each process runs its own sandbox, so nothing else needs it.
 */
export function sandboxSecretKey(dataDir: string): string {
  if (dataDir === ':memory:') return newSandboxKey();
  const file = path.join(dataDir, SANDBOX_KEY_FILE);
  const found = usable(file);
  if (found) return found;
  const key = newSandboxKey();
  // Written whole under another name first, so no process ever reads half a key.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    // A read-only data folder: the key only has to live as long as this process's sandbox.
    return key;
  }
  try {
    if (!fs.existsSync(file)) {
      try {
        // link() fails if another process made the file meanwhile: then both use that one.
        fs.linkSync(tmp, file);
        return key;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const theirs = usable(file);
        if (theirs) return theirs;
      }
    }
    // Missing-then-bad, malformed or too open: replace it (each process keeps the key it read or made).
    fs.renameSync(tmp, file);
    return key;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
