/** Request-body reading shared by the API, the pages and the control routes. */
import type { IncomingMessage } from 'node:http';

const MAX_BODY = 1 << 20;

/** Reads a request body as text (capped at 1 MiB: the sandbox never needs more). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
