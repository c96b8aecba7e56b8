import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../errors.js';

/** A file being written under a temporary name, renamed into place on success. */
export interface AtomicFile {
  /** The temporary file to write to (created empty). */
  tmpPath: string;
  /** The final path. */
  out: string;
  /** Renames the finished temporary file to its final name. */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure). */
  discard(): Promise<void>;
}

/**
 * Checks that `out` can be written (not a folder; a file can be created next
 * to it) and creates the empty temporary file the report is written to, so a
 * crash or a failure part-way never leaves a half-written report under the
 * real name. Call `discard` if anything fails before `commit`.
 */
export async function prepareAtomicFile(out: string | undefined): Promise<AtomicFile> {
  if (typeof out !== 'string' || out.trim() === '') {
    throw new RefusedError('missing_out', 'an output file is required (--out FILE)');
  }
  const abs = path.resolve(out);
  const dir = path.dirname(abs);
  const stat = await fs.promises.stat(abs).catch(() => null);
  if (stat?.isDirectory()) throw new RefusedError('unwritable_path', `${out} is a folder, not a file`);
  const tmpPath = path.join(dir, `.${path.basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Creating the file is the only honest writability test (root passes access checks).
    await (await fs.promises.open(tmpPath, 'wx')).close();
  } catch (err) {
    throw new RefusedError('unwritable_path', `cannot write ${out}: ${(err as Error).message}`);
  }
  return {
    tmpPath,
    out: abs,
    commit: () => fs.promises.rename(tmpPath, abs),
    discard: () => fs.promises.rm(tmpPath, { force: true }),
  };
}

/**
 * Runs `write` against the prepared temporary file and renames it into place
 * only if it succeeds; on any failure the temporary file is removed and the
 * error rethrown (a permission or missing-folder error as a refusal).
 */
export async function writeAtomically<T>(file: AtomicFile, write: (tmpPath: string) => Promise<T>): Promise<T> {
  try {
    const result = await write(file.tmpPath);
    await file.commit();
    return result;
  } catch (err) {
    await file.discard();
    if (isPermissionError(err)) throw new RefusedError('unwritable_path', `cannot write ${file.out}: ${(err as Error).message}`);
    throw err;
  }
}

function isPermissionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR';
}
