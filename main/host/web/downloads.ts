import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { MINUTE_MS } from '../../core/clock.js';
import type { DownloadSlot } from '../handlers/handler-types.js';

/** How long an unclaimed export stays downloadable. */
const KEEP_MS = 5 * MINUTE_MS;
/** Ids are 128 random bits (base64url, 22 characters); nothing else is ever looked up. */
const ID_RE = /^[A-Za-z0-9_-]{22}$/;
/** Files this store writes: `<id>.csv|pdf` (and the exporter's hidden temporary files beside them). */
const OWN_FILE_RE = /^(\.?[A-Za-z0-9_-]{22}\.(csv|pdf))(\..*\.tmp)?$/;

interface Ready {
  file: string;
  fileName: string;
  mimeType: string;
  bytes: number;
  expiresAt: number;
}

/** `filename="…"` with a plain-ASCII fallback and the exact name in `filename*` (RFC 6266). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * One-time downloads of exports for the web host. The host picks every path
 * (`<dir>/<random id>.<ext>`); a client only ever names an id this store
 * handed out, so no client input reaches the file system. A file is removed
 * once downloaded, when it expires, and when the host closes.
 */
export class Downloads {
  private readonly ready = new Map<string, Ready>();
  /** Files being removed after their download (close waits for them). */
  private readonly removing = new Set<Promise<void>>();
  /** Files being streamed now: close removes them too, even before their stream has closed. */
  private readonly serving = new Set<string>();
  private cleaned = false;

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves a file for one export; `ready()` makes it downloadable at the URL it returns. */
  async prepare(fileName: string, mimeType: string): Promise<DownloadSlot> {
    await this.housekeep();
    const id = randomBytes(16).toString('base64url');
    const file = path.join(this.dir, `${id}${path.extname(fileName) === '.pdf' ? '.pdf' : '.csv'}`);
    return {
      path: file,
      ready: (bytes) => {
        this.ready.set(id, { file, fileName, mimeType, bytes, expiresAt: this.now() + KEEP_MS });
        return `/api/download/${id}`;
      },
      discard: () => rm(file, { force: true }),
    };
  }

  /** Streams a ready file as an attachment and forgets it; false when the id is not one this store handed out. */
  serve(id: string, res: ServerResponse, headers: Record<string, string>): boolean {
    const d = ID_RE.test(id) ? this.ready.get(id) : undefined;
    if (!d || d.expiresAt <= this.now()) return false;
    this.ready.delete(id);
    res.writeHead(200, {
      ...headers,
      'content-type': d.mimeType,
      'content-length': String(d.bytes),
      'content-disposition': contentDisposition(d.fileName),
      'cache-control': 'no-store',
    });
    const stream = createReadStream(d.file);
    this.serving.add(d.file);
    stream.on('error', () => res.destroy());
    stream.on('close', () => {
      this.serving.delete(d.file);
      const done = rm(d.file, { force: true }).finally(() => this.removing.delete(done));
      this.removing.add(done);
    });
    stream.pipe(res);
    return true;
  }

  /** Removes every file this store made (the host is closing). */
  async close(): Promise<void> {
    const files = [...this.ready.values()].map((d) => d.file).concat([...this.serving]);
    this.ready.clear();
    await Promise.all([...files.map((f) => rm(f, { force: true })), ...this.removing]);
  }

  /** Makes the folder; drops expired downloads, and once per run the stale leftovers of an earlier run. */
  private async housekeep(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [id, d] of this.ready) {
      if (d.expiresAt > this.now()) continue;
      this.ready.delete(id);
      await rm(d.file, { force: true });
    }
    if (this.cleaned) return;
    this.cleaned = true;
    // Only old files: another host on the same data folder may be serving fresh ones.
    for (const name of await readdir(this.dir)) {
      if (!OWN_FILE_RE.test(name)) continue;
      const file = path.join(this.dir, name);
      const s = await stat(file).catch(() => null);
      if (s && s.mtimeMs < Date.now() - KEEP_MS) await rm(file, { force: true });
    }
  }
}
