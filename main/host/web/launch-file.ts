import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The HTML of a launch file: it sends the browser on to the launch link at once (no script needed). */
export function launchFileHtml(launchUrl: string): string {
  const href = launchUrl.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Burnrate</title><p><a href="${href}">Open Burnrate</a></p>\n`;
}

/**
 * A private file (0600, in a 0700 folder of its own) holding a fresh launch
 * link. The browser is opened on this file's path, so the launch code never
 * appears in a process's arguments (`xdg-open`, the browser's command line),
 * which every local user can read through /proc. The host rewrites it with a
 * new code whenever the last one was spent or expired, so opening it again
 * always lets its owner in.
 */
export class LaunchFile {
  private constructor(
    private readonly dir: string,
    readonly file: string,
  ) {}

  /** Makes the private folder (removed by `remove`). */
  static async create(): Promise<LaunchFile> {
    const dir = await mkdtemp(path.join(tmpdir(), 'burnrate-web-'));
    await chmod(dir, 0o700);
    return new LaunchFile(dir, path.join(dir, 'open-burnrate.html'));
  }

  /** Writes the file for one launch link (owner-only from its first byte). */
  async write(launchUrl: string): Promise<void> {
    const next = `${this.file}.${process.pid}.tmp`;
    await writeFile(next, launchFileHtml(launchUrl), { mode: 0o600 });
    await rename(next, this.file);
  }

  /** Removes the file and its folder. */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
