/** Request-body reading shared by the API, the pages and the control routes. */
import type { IncomingMessage } from 'node:http';

const MAX_BODY = 1 << 20;

/** A body over the cap: answered with a 413, never read into memory. */
export class BodyTooLargeError extends Error {
  constructor() {
    super('Request body too large (the sandbox reads at most 1 MiB).');
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body as text (capped at 1 MiB: the sandbox never needs more). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new BodyTooLargeError());
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
